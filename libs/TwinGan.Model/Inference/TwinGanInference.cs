using TorchSharp;
using TwinGan.Model.Bundles;
using TwinGan.Model.Imaging;
using TwinGan.Model.Networks;
using static TorchSharp.torch;

namespace TwinGan.Model.Inference;

/// <summary>Where inference runs: "cpu", "cuda" or "cuda:N".</summary>
public sealed record InferenceOptions(string Device = "cpu");

/// <summary>
/// The API Translator and Embedder use: translation and embedding on a bundle's EMA weights (stylegan3 serves
/// G_ema). Each call runs synchronously in <c>torch.inference_mode()</c> and its own dispose scope (TorchSharp
/// memory.md: scopes are thread-static, so never await inside). The network is in eval mode and is only read,
/// so concurrent callers are safe.
/// </summary>
public sealed class TwinGanInference : IDisposable
{
    private readonly TwinGanNetwork network;
    private readonly Device device;
    private readonly Stage stage;

    public TwinGanInference(TwinGanNetwork network, BundleManifest manifest, InferenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        this.network = network;
        Manifest = manifest ?? throw new ArgumentNullException(nameof(manifest));
        device = ResolveDevice((options ?? new InferenceOptions()).Device);
        network.to(device);
        network.eval();
        stage = new Stage(network.Options.Resolution);
    }

    /// <summary>Loads and verifies a bundle directory (see <see cref="ModelBundle.Load"/>).</summary>
    public static TwinGanInference Load(string bundleDirectory, InferenceOptions? options = null)
    {
        var (manifest, network) = ModelBundle.Load(bundleDirectory);
        return new TwinGanInference(network, manifest, options);
    }

    public BundleManifest Manifest { get; }

    /// <summary>Side of the square images the model takes and returns.</summary>
    public int Resolution => stage.Resolution;

    /// <summary>
    /// G_to(E_from(x)) for every image. With a style encoder, <paramref name="styleReference"/> (a
    /// <see cref="Resolution"/>-sized image in the target domain) sets the look; with attribute conditioning,
    /// <paramref name="attributes"/> (one value per manifest attribute name) sets the labels. Missing ones are neutral.
    /// </summary>
    public IReadOnlyList<RgbImage> TranslateBatch(IReadOnlyList<RgbImage> images, string fromDomain, string toDomain,
        RgbImage? styleReference = null, IReadOnlyList<float>? attributes = null)
    {
        var (from, to) = (network.Options.DomainIndex(fromDomain), network.Options.DomainIndex(toDomain));
        using var mode = inference_mode();
        using var scope = NewDisposeScope();
        var batch = Batch(images);
        var n = batch.shape[0];
        var references = styleReference is null ? null : Batch([styleReference]).expand(n, -1, -1, -1);
        var labels = attributes is null ? null : tensor([.. attributes], device: device).view(1, -1).expand(n, -1);
        return RgbImage.FromBatch(network.Translate(batch, from, to, stage, references, labels, neutralWhenMissing: true));
    }

    /// <summary>L2-normalised embeddings of the encoder bottleneck E_domain(x) in the given layout.</summary>
    public IReadOnlyList<float[]> EmbedBatch(IReadOnlyList<RgbImage> images, string domain, EmbeddingLayout layout)
    {
        var index = network.Options.DomainIndex(domain);
        using var mode = inference_mode();
        using var scope = NewDisposeScope();
        using var encoded = network.Encode(Batch(images), index, stage);
        var vectors = layout switch
        {
            EmbeddingLayout.Flattened => encoded.Bottleneck.flatten(1),
            EmbeddingLayout.Pooled => encoded.Bottleneck.mean([2, 3]),
            _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "Unknown embedding layout."),
        };
        var normalised = nn.functional.normalize(vectors, p: 2, dim: 1).to(CPU).contiguous();
        var (count, dimensions) = ((int)normalised.shape[0], (int)normalised.shape[1]);
        var flat = normalised.data<float>().ToArray();
        return [.. Enumerable.Range(0, count).Select(i => flat[(i * dimensions)..((i + 1) * dimensions)])];
    }

    public void Dispose() => network.Dispose();

    private Tensor Batch(IReadOnlyList<RgbImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var wrong = images.FirstOrDefault(i => i.Width != Resolution || i.Height != Resolution);
        if (wrong is not null)
            throw new ArgumentException($"Images must be {Resolution}x{Resolution} (decode with ImageCodec at the model resolution); got {wrong.Width}x{wrong.Height}.", nameof(images));
        return RgbImage.ToBatch(images, device);
    }

    private static Device ResolveDevice(string name)
    {
        if (name.StartsWith("cuda", StringComparison.Ordinal) && !cuda.is_available())
            throw new InvalidOperationException($"Device '{name}' was requested but CUDA is not available in this process.");
        return torch.device(name);
    }
}
