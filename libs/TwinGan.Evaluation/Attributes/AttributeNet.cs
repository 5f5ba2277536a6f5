using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TwinGan.Evaluation.Attributes;

/// <summary>
/// The small CNN of the DTN protocol's attribute classifiers (Taigman et al. 2017 score translations with a
/// classifier trained on the target domain): blocks of conv 3x3 → batch norm → ReLU → 2x max-pool from the input
/// resolution down to 4x4, channels 32, 64, 128 (multiples of 16: docs/model.md, LibTorch CPU conv defect), then
/// a 256-unit hidden layer and one linear head per attribute, all heads in one output vector.
/// </summary>
internal sealed class AttributeNet : nn.Module<Tensor, Tensor>
{
    private const int FirstChannels = 32;
    private const int MaxChannels = 128;
    private const int Hidden = 256;

    private readonly Sequential features;
    private readonly Sequential classifier;

    public AttributeNet(int resolution, IReadOnlyList<AttributeHead> heads) : base(nameof(AttributeNet))
    {
        if (resolution < 8 || (resolution & (resolution - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "Attribute classifiers take power-of-two images of at least 8 px.");
        Heads = heads;
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var (channels, size, block) = (3, resolution, 0);
        for (; size > 4; size /= 2, block++)
        {
            var next = Math.Min(FirstChannels << block, MaxChannels);
            layers.Add(($"conv{block}", nn.Conv2d(channels, next, 3, padding: 1)));
            layers.Add(($"norm{block}", nn.BatchNorm2d(next)));
            layers.Add(($"relu{block}", nn.ReLU()));
            layers.Add(($"pool{block}", nn.MaxPool2d(2)));
            channels = next;
        }
        features = nn.Sequential(layers);
        classifier = nn.Sequential(
            ("flatten", nn.Flatten()),
            ("hidden", nn.Linear(channels * 16, Hidden)),
            ("relu", nn.ReLU()),
            ("heads", nn.Linear(Hidden, heads.Sum(h => h.Classes))));
        RegisterComponents();
    }

    public IReadOnlyList<AttributeHead> Heads { get; }

    /// <summary>Concatenated logits of every head, (N, Σ classes).</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        return classifier.call(features.call(images)).MoveToOuterDisposeScope();
    }

    /// <summary>The logits of head <paramref name="index"/> within the concatenated output.</summary>
    public Tensor HeadLogits(Tensor logits, int index)
    {
        var start = Heads.Take(index).Sum(h => h.Classes);
        return logits.narrow(1, start, Heads[index].Classes);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            features.Dispose();
            classifier.Dispose();
        }
        base.Dispose(disposing);
    }
}
