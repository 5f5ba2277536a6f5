using TorchSharp;
using TwinGan.Model.Options;
using static TorchSharp.torch;

namespace TwinGan.Model.Networks;

/// <summary>
/// The translation network of TwinGAN (section 3): encoder E, generator G and the optional style encoder S.
/// This is what the EMA tracks and what a bundle publishes. Code ↔ paper: <c>Encode(x, d)</c> = E_d(x),
/// <c>Decode(e, d', c)</c> = G_d'(e) conditioned on c, <c>Translate(x, d, d')</c> = G_d'(E_d(x)).
/// </summary>
public sealed class TwinGanNetwork : nn.Module
{
    private readonly Encoder encoder;
    private readonly Generator generator;
    private readonly StyleEncoder? style_encoder;

    /// <summary>Builds the networks; initial weights follow torch's global generator (seed with <c>torch.manual_seed</c>).</summary>
    public TwinGanNetwork(ModelOptions options) : base("twingan")
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        encoder = new Encoder("encoder", options);
        generator = new Generator("generator", options);
        style_encoder = options.Conditioning.UsesStyle ? new StyleEncoder("style_encoder", options) : null;
        RegisterComponents();
    }

    public ModelOptions Options { get; }

    /// <summary>Where the weights live (the encoder's first from-RGB weight is representative).</summary>
    public Device Device => parameters().First().device;

    internal Encoder EncoderModule => encoder;

    internal Generator GeneratorModule => generator;

    /// <summary>E_d(x): bottleneck and UNet skip features, using domain d's from-RGB and norms.</summary>
    public EncoderOutput Encode(Tensor images, int domain, Stage stage) => encoder.forward(images, domain, stage);

    /// <summary>G_d(e): an image in domain d, using d's norms (conditioned on <paramref name="condition"/>) and to-RGB.</summary>
    public Tensor Decode(EncoderOutput encoded, int domain, Tensor? condition, Stage stage)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        return generator.forward(encoded, domain, condition, stage);
    }

    /// <summary>S(reference): the style vector of reference images; requires the style encoder.</summary>
    public Tensor Style(Tensor references, Stage stage) =>
        style_encoder?.forward(references, stage) ?? throw new InvalidOperationException("This model has no style encoder (StyleDim = 0).");

    /// <summary>
    /// The vector for conditional norms: [style of the references, attribute labels], each required exactly when
    /// the options enable it (training). With <paramref name="neutralWhenMissing"/> (inference) a missing part
    /// becomes zeros: the conditional γ/β then reduce to their biases, the model's average look / no attribute.
    /// Returns null for an unconditioned model.
    /// </summary>
    public Tensor? Condition(Tensor? styleReferences, Tensor? attributes, long batch, Stage stage, bool neutralWhenMissing = false)
    {
        var conditioning = Options.Conditioning;
        if (conditioning.ConditionDim == 0)
            return null;
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        if (conditioning.UsesStyle)
        {
            if (styleReferences is null && neutralWhenMissing)
            {
                parts.Add(zeros(batch, conditioning.StyleDim, device: Device));
            }
            else
            {
                var references = styleReferences ?? throw new ArgumentException("This model is style-conditioned: a style reference is required.", nameof(styleReferences));
                Shapes.RequireBatch(references, batch, "style references");
                parts.Add(Style(references, stage));
            }
        }
        if (conditioning.UsesAttributes)
        {
            var labels = attributes ?? (neutralWhenMissing ? zeros(batch, conditioning.AttributeCount, device: Device) : null) ?? throw new ArgumentException("This model is attribute-conditioned: attribute labels are required.", nameof(attributes));
            Shapes.RequireBatch(labels, batch, "attributes");
            if (labels.dim() != 2 || labels.shape[1] != conditioning.AttributeCount)
                throw new ArgumentException($"attributes: dimension 1 is {(labels.dim() == 2 ? labels.shape[1] : -1)}, expected {conditioning.AttributeCount} ({string.Join(", ", conditioning.AttributeNames)}).");
            parts.Add(labels.to_type(ScalarType.Float32));
        }
        return cat(parts, 1).MoveToOuterDisposeScope();
    }

    /// <summary>G_to(E_from(x)) with the generator conditioned as <see cref="Condition"/> describes.</summary>
    public Tensor Translate(Tensor images, int from, int to, Stage stage, Tensor? styleReferences = null, Tensor? attributes = null, bool neutralWhenMissing = false)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var scope = NewDisposeScope();
        using var encoded = Encode(images, from, stage);
        var condition = Condition(styleReferences, attributes, images.shape[0], stage, neutralWhenMissing);
        return Decode(encoded, to, condition, stage).MoveToOuterDisposeScope();
    }
}
