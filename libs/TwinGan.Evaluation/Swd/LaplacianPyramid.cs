namespace TwinGan.Evaluation.Swd;

/// <summary>
/// The Laplacian pyramid of PGGAN's sliced_wasserstein.py (Karras et al. 2018, appendix D), which matches OpenCV's
/// pyrDown/pyrUp: the 5x5 binomial filter [1, 4, 6, 4, 1]/16 (outer product, /256) with mirrored borders
/// (scipy "mirror" = OpenCV BORDER_REFLECT_101: d c b | a b c d | c b a). Level 0 is the full-resolution band-pass,
/// the last level is the low-pass residual. The filter is separable, so it is applied as two 1-D passes.
/// </summary>
public static class LaplacianPyramid
{
    private static readonly float[] Binomial = [1f / 16, 4f / 16, 6f / 16, 4f / 16, 1f / 16];

    /// <summary>The SWD level sizes for images of <paramref name="size"/>: size, size/2, ... down to 16 px.</summary>
    public static IReadOnlyList<int> LevelSizes(int size, int minSize = 16)
    {
        var sizes = new List<int>();
        for (var s = size; s >= minSize; s /= 2)
            sizes.Add(s);
        return sizes;
    }

    /// <summary>generate_laplacian_pyramid: level i = G_i - pyrUp(G_{i+1}); the last level is G_{levels-1}.</summary>
    public static IReadOnlyList<PlanarImages> Build(PlanarImages images, int levels)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(levels);
        if (levels > 1 && images.Size >> (levels - 1) < 1)
            throw new ArgumentOutOfRangeException(nameof(levels), levels, $"{images.Size} px images have fewer than {levels} levels.");
        var pyramid = new List<PlanarImages> { new(images.Count, images.Size, (float[])images.Data.Clone()) };
        for (var i = 1; i < levels; i++)
        {
            var lower = PyrDown(pyramid[^1]);
            var up = PyrUp(lower);
            var band = pyramid[^1].Data;
            for (var k = 0; k < band.Length; k++)
                band[k] -= up.Data[k];
            pyramid.Add(lower);
        }
        return pyramid;
    }

    /// <summary>pyr_down: blur with the binomial filter, keep even rows and columns.</summary>
    public static PlanarImages PyrDown(PlanarImages images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Size % 2 != 0)
            throw new ArgumentException($"pyrDown needs an even size, got {images.Size}.", nameof(images));
        var blurred = Blur(images, 1f);
        var half = images.Size / 2;
        var result = new float[images.Count * PlanarImages.Channels * half * half];
        var planes = images.Count * PlanarImages.Channels;
        for (var p = 0; p < planes; p++)
        {
            for (var y = 0; y < half; y++)
            {
                for (var x = 0; x < half; x++)
                    result[(((p * half) + y) * half) + x] = blurred[(((p * images.Size) + (2 * y)) * images.Size) + (2 * x)];
            }
        }
        return new PlanarImages(images.Count, half, result);
    }

    /// <summary>pyr_up: insert zeros between samples, blur with 4x the binomial filter (mirrored borders of the zero-stuffed image).</summary>
    public static PlanarImages PyrUp(PlanarImages images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var size = images.Size * 2;
        var stuffed = new float[images.Count * PlanarImages.Channels * size * size];
        var planes = images.Count * PlanarImages.Channels;
        for (var p = 0; p < planes; p++)
        {
            for (var y = 0; y < images.Size; y++)
            {
                for (var x = 0; x < images.Size; x++)
                    stuffed[(((p * size) + (2 * y)) * size) + (2 * x)] = images.Data[(((p * images.Size) + y) * images.Size) + x];
            }
        }
        return new PlanarImages(images.Count, size, Blur(new PlanarImages(images.Count, size, stuffed), 4f));
    }

    /// <summary>The 5x5 binomial convolution (times <paramref name="gain"/>) as a row pass then a column pass.</summary>
    private static float[] Blur(PlanarImages images, float gain)
    {
        var size = images.Size;
        var planes = images.Count * PlanarImages.Channels;
        var rows = new float[images.Data.Length];
        var result = new float[images.Data.Length];
        for (var p = 0; p < planes; p++)
        {
            var offset = p * size * size;
            for (var y = 0; y < size; y++)
            {
                for (var x = 0; x < size; x++)
                {
                    var sum = 0f;
                    for (var t = -2; t <= 2; t++)
                        sum += Binomial[t + 2] * images.Data[offset + (y * size) + Mirror(x + t, size)];
                    rows[offset + (y * size) + x] = sum;
                }
            }
            for (var y = 0; y < size; y++)
            {
                for (var x = 0; x < size; x++)
                {
                    var sum = 0f;
                    for (var t = -2; t <= 2; t++)
                        sum += Binomial[t + 2] * rows[offset + (Mirror(y + t, size) * size) + x];
                    result[offset + (y * size) + x] = gain * sum;
                }
            }
        }
        return result;
    }

    /// <summary>Reflection about the edge sample without repeating it (scipy "mirror", BORDER_REFLECT_101).</summary>
    internal static int Mirror(int i, int size)
    {
        if (size == 1)
            return 0;
        var period = 2 * (size - 1);
        i = ((i % period) + period) % period;
        return i < size ? i : period - i;
    }
}
