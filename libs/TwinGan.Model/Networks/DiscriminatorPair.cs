using TorchSharp;
using TorchSharp.Modules;
using TwinGan.Model.Options;
using static TorchSharp.torch;

namespace TwinGan.Model.Networks;

/// <summary>TwinGAN's two discriminators, one per domain (section 3.3), nothing shared. Keys: <c>domains.{domain}.*</c>.</summary>
public sealed class DiscriminatorPair : nn.Module
{
    private readonly ModuleDict<Discriminator> domains = new();
    private readonly ModelOptions options;

    public DiscriminatorPair(ModelOptions options) : base("discriminators")
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        foreach (var domain in options.Domains)
            domains.Add(domain, new Discriminator(domain, options));
        RegisterComponents();
    }

    /// <summary>D_d(x): real/fake logits (and attribute logits) of images claimed to be in domain d.</summary>
    public DiscriminatorOutput Judge(Tensor images, int domain, Stage stage) => domains[options.Domains[domain]].forward(images, stage);
}
