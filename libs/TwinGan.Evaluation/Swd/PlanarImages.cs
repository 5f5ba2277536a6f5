using TwinGan.Data.Imaging;

namespace TwinGan.Evaluation.Swd;

/// <summary>
/// Same-sized square images as one planar float array, laid out (N, 3, H, W) like the minibatches of PGGAN's
/// sliced_wasserstein.py. Values are whatever the caller put in (8-bit images give 0..255, as in the reference).
/// </summary>
public sealed class PlanarImages
{
    public const int Channels = 3;

    public PlanarImages(int count, int size, float[] data)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != count * Channels * size * size)
            throw new ArgumentException($"Expected {count} x 3 x {size} x {size} = {count * Channels * size * size} values, got {data.Length}.", nameof(data));
        (Count, Size, Data) = (count, size, data);
    }

    public int Count { get; }

    public int Size { get; }

    /// <summary>Planar values, image after image; exposed for the kernels of this library.</summary>
    internal float[] Data { get; }

    public float this[int image, int channel, int y, int x] => Data[Index(image, channel, y, x)];

    internal int Index(int image, int channel, int y, int x) => (((((image * Channels) + channel) * Size) + y) * Size) + x;

    /// <summary>Stacks 8-bit RGB images (values 0..255, as the reference feeds uint8 minibatches).</summary>
    public static PlanarImages FromImages(IReadOnlyList<RgbImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
            throw new ArgumentException("At least one image is required.", nameof(images));
        var size = images[0].Width;
        var plane = size * size;
        var data = new float[images.Count * Channels * plane];
        for (var n = 0; n < images.Count; n++)
        {
            var image = images[n];
            if (image.Width != size || image.Height != size)
                throw new ArgumentException($"All images must be {size}x{size}; image {n} is {image.Width}x{image.Height}.", nameof(images));
            var pixels = image.Pixels;
            var offset = n * Channels * plane;
            for (var p = 0; p < plane; p++)
            {
                for (var c = 0; c < Channels; c++)
                    data[offset + (c * plane) + p] = pixels[(p * Channels) + c];
            }
        }
        return new PlanarImages(images.Count, size, data);
    }
}
