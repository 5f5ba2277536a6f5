using static TorchSharp.torch;

namespace TwinGan.Model.Imaging;

/// <summary>An RGB image as the networks see it: planar CHW floats in [-1, 1].</summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, float[] chw)
    {
        ArgumentNullException.ThrowIfNull(chw);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (chw.Length != 3 * width * height)
            throw new ArgumentException($"Expected 3 x {height} x {width} = {3 * width * height} values, got {chw.Length}.", nameof(chw));
        (Width, Height, Chw) = (width, height, chw);
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Red plane, then green, then blue; row-major within a plane.</summary>
    public ReadOnlyMemory<float> Chw { get; }

    /// <summary>Stacks same-sized images into an (N, 3, H, W) tensor on <paramref name="device"/>.</summary>
    public static Tensor ToBatch(IReadOnlyList<RgbImage> images, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
            throw new ArgumentException("At least one image is required.", nameof(images));
        var (width, height) = (images[0].Width, images[0].Height);
        if (images.Any(i => i.Width != width || i.Height != height))
            throw new ArgumentException($"All images of a batch must be {width}x{height}.", nameof(images));
        var data = new float[images.Count * 3 * width * height];
        for (var i = 0; i < images.Count; i++)
            images[i].Chw.Span.CopyTo(data.AsSpan(i * 3 * width * height));
        return tensor(data, [images.Count, 3, height, width], device: device);
    }

    /// <summary>Splits an (N, 3, H, W) tensor into images, clamping to [-1, 1].</summary>
    public static IReadOnlyList<RgbImage> FromBatch(Tensor batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        var cpu = batch.detach().clamp(Networks.Scalars.MinusOne, Networks.Scalars.One).to(CPU).to_type(ScalarType.Float32).contiguous();
        var (n, height, width) = ((int)cpu.shape[0], (int)cpu.shape[2], (int)cpu.shape[3]);
        var all = cpu.data<float>().ToArray();
        var size = 3 * width * height;
        return [.. Enumerable.Range(0, n).Select(i => new RgbImage(width, height, all[(i * size)..((i + 1) * size)]))];
    }
}
