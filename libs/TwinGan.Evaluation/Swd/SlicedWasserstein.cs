using TorchSharp;
using TwinGan.Data;
using static TorchSharp.torch;

namespace TwinGan.Evaluation.Swd;

/// <summary>
/// Sliced Wasserstein distance between two image sets, as PGGAN defines it (Karras et al. 2018, appendix D, and
/// their sliced_wasserstein.py): per Laplacian-pyramid level, 7x7 neighbourhoods at random positions (128 per
/// image), each set normalised per channel on its own, then the mean |sorted projection A - sorted projection B|
/// over 4 x 128 random unit directions, x 1e3. Seeded: patch positions come from (seed, set stream, level) and
/// directions from (seed, level, repeat), so every set compared at a level sees the same directions.
/// </summary>
public sealed class SlicedWasserstein
{
    private readonly SwdOptions options;
    private readonly long seed;

    public SlicedWasserstein(SwdOptions options, long seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        (this.options, this.seed) = (options, seed);
    }

    public SwdOptions Options => options;

    /// <summary>
    /// get_descriptors_for_minibatch + finalize_descriptors for every level of the pyramid. Two sets described
    /// with the same <paramref name="stream"/> sample the same patch positions.
    /// </summary>
    public SwdDescriptors Describe(PlanarImages images, string stream)
    {
        ArgumentNullException.ThrowIfNull(images);
        var sizes = LaplacianPyramid.LevelSizes(images.Size, options.MinResolution);
        if (sizes.Count == 0)
            throw new ArgumentException($"SWD needs images of at least {options.MinResolution} px, got {images.Size}.", nameof(images));
        var pyramid = LaplacianPyramid.Build(images, sizes.Count);
        var dimensions = PlanarImages.Channels * options.PatchSize * options.PatchSize;
        var count = images.Count * options.PatchesPerImage;
        var levels = new float[sizes.Count][];
        for (var level = 0; level < sizes.Count; level++)
        {
            levels[level] = Sample(pyramid[level], Rng.For(seed, "swd/patches/" + stream, level));
            Normalise(levels[level], count);
        }
        return new SwdDescriptors(sizes, count, dimensions, levels);
    }

    /// <summary>sliced_wasserstein per level, x 1e3; both sets must have the same levels and descriptor count.</summary>
    public SwdResult Distance(SwdDescriptors a, SwdDescriptors b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!a.LevelSizes.SequenceEqual(b.LevelSizes) || a.Count != b.Count || a.Dimensions != b.Dimensions)
            throw new ArgumentException($"SWD compares sets of equal shape (the reference asserts A.shape == B.shape): {a.Count} descriptors at [{string.Join(", ", a.LevelSizes)}] px vs {b.Count} at [{string.Join(", ", b.LevelSizes)}] px.");
        var perLevel = new double[a.LevelSizes.Count];
        using var noGrad = no_grad();
        for (var level = 0; level < perLevel.Length; level++)
            perLevel[level] = 1e3 * Level(a.Levels[level], b.Levels[level], a.Count, a.Dimensions, level);
        return new SwdResult(a.LevelSizes, perLevel);
    }

    /// <summary>Describes both sets (same patch stream) and returns their distance.</summary>
    public SwdResult Distance(PlanarImages a, PlanarImages b) => Distance(Describe(a, "a"), Describe(b, "b"));

    private float[] Sample(PlanarImages level, Rng rng)
    {
        var (patch, half, size) = (options.PatchSize, options.PatchSize / 2, level.Size);
        var dimensions = PlanarImages.Channels * patch * patch;
        var rows = new float[level.Count * options.PatchesPerImage * dimensions];
        var row = 0;
        for (var image = 0; image < level.Count; image++)
        {
            for (var k = 0; k < options.PatchesPerImage; k++, row++)
            {
                // np.random.randint(H, S - H): centres whose whole neighbourhood lies inside the image.
                var cx = half + rng.Next(size - (2 * half));
                var cy = half + rng.Next(size - (2 * half));
                var offset = row * dimensions;
                // The reference indexes (nhood, chan, x, y): components run over x before y.
                for (var c = 0; c < PlanarImages.Channels; c++)
                {
                    for (var dx = -half; dx <= half; dx++)
                    {
                        for (var dy = -half; dy <= half; dy++)
                            rows[offset++] = level[image, c, cy + dy, cx + dx];
                    }
                }
            }
        }
        return rows;
    }

    /// <summary>finalize_descriptors: subtract the mean and divide by the (population) std of each colour channel.</summary>
    private void Normalise(float[] rows, int count)
    {
        var perChannel = options.PatchSize * options.PatchSize;
        var dimensions = PlanarImages.Channels * perChannel;
        for (var c = 0; c < PlanarImages.Channels; c++)
        {
            double sum = 0, squares = 0;
            for (var r = 0; r < count; r++)
            {
                var values = rows.AsSpan((r * dimensions) + (c * perChannel), perChannel);
                foreach (var v in values)
                    (sum, squares) = (sum + v, squares + ((double)v * v));
            }
            var n = (double)count * perChannel;
            var mean = sum / n;
            var std = Math.Sqrt(Math.Max(0, (squares / n) - (mean * mean)));
            // A constant channel has no spread to normalise (numpy would divide by zero): centre it only.
            var scale = std > 0 ? 1 / std : 1;
            for (var r = 0; r < count; r++)
            {
                var values = rows.AsSpan((r * dimensions) + (c * perChannel), perChannel);
                for (var i = 0; i < values.Length; i++)
                    values[i] = (float)((values[i] - mean) * scale);
            }
        }
    }

    private double Level(float[] a, float[] b, int count, int dimensions, int level)
    {
        using var scope = NewDisposeScope();
        var ta = tensor(a, [count, dimensions]);
        var tb = tensor(b, [count, dimensions]);
        double total = 0;
        for (var repeat = 0; repeat < options.DirectionRepeats; repeat++)
        {
            var directions = Directions(dimensions, level, repeat);
            var pa = ta.matmul(directions).sort(0).Values;
            var pb = tb.matmul(directions).sort(0).Values;
            total += (pa - pb).abs().mean().item<float>();
        }
        return total / options.DirectionRepeats;
    }

    /// <summary>np.random.randn(components, directions) normalised per direction, then float32.</summary>
    private Tensor Directions(int dimensions, int level, int repeat)
    {
        using var generator = new torch.Generator(Rng.Derive(seed, "swd/directions", (level * 1024L) + repeat));
        var d = randn([dimensions, options.DirectionsPerRepeat], dtype: ScalarType.Float64, generator: generator);
        return (d / d.square().sum(0, keepdim: true).sqrt()).to_type(ScalarType.Float32);
    }
}
