using SkiaSharp;

namespace TwinGan.Data.Imaging;

/// <summary>
/// A decoded 8-bit RGB image, rows top to bottom, 3 bytes per pixel. This is the hand-off format to the model
/// library, which turns it into tensors; it keeps this library free of TorchSharp.
/// </summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != width * height * 3)
            throw new ArgumentException($"Expected {width * height * 3} bytes for {width}x{height} RGB, got {pixels.Length}.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major RGB bytes (length Width*Height*3). Exposed without copying: batches of these are hot.</summary>
#pragma warning disable CA1819 // A copy per access would double the loader's allocations.
    public byte[] Pixels { get; }
#pragma warning restore CA1819

    public static RgbImage FromBitmap(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        using var rgba = bitmap.ColorType == SKColorType.Rgba8888 && bitmap.AlphaType != SKAlphaType.Premul
            ? null
            : ToUnpremulRgba(bitmap);
        var source = rgba ?? bitmap;
        ReadOnlySpan<byte> src = source.GetPixelSpan();
        int w = source.Width, h = source.Height, stride = source.RowBytes;
        var pixels = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
        {
            var row = src.Slice(y * stride, w * 4);
            int o = y * w * 3;
            for (int x = 0; x < w; x++, o += 3)
            {
                pixels[o] = row[x * 4];
                pixels[o + 1] = row[(x * 4) + 1];
                pixels[o + 2] = row[(x * 4) + 2];
            }
        }
        return new RgbImage(w, h, pixels);
    }

    public SKBitmap ToBitmap()
    {
        var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        Span<byte> dst = bitmap.GetPixelSpan();
        int stride = bitmap.RowBytes;
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                int s = ((y * Width) + x) * 3, d = (y * stride) + (x * 4);
                dst[d] = Pixels[s];
                dst[d + 1] = Pixels[s + 1];
                dst[d + 2] = Pixels[s + 2];
                dst[d + 3] = 255;
            }
        }
        return bitmap;
    }

    public byte[] EncodePng()
    {
        using var bitmap = ToBitmap();
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public RgbImage Crop(CropBox box)
    {
        if (box.X < 0 || box.Y < 0 || box.Width <= 0 || box.Height <= 0 || box.Right > Width || box.Bottom > Height)
            throw new ArgumentOutOfRangeException(nameof(box), $"Crop {box} is outside the {Width}x{Height} image.");
        var pixels = new byte[box.Width * box.Height * 3];
        for (int y = 0; y < box.Height; y++)
            Array.Copy(Pixels, (((box.Y + y) * Width) + box.X) * 3, pixels, y * box.Width * 3, box.Width * 3);
        return new RgbImage(box.Width, box.Height, pixels);
    }

    public RgbImage FlipHorizontal()
    {
        var pixels = new byte[Pixels.Length];
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                int s = ((y * Width) + x) * 3, d = ((y * Width) + (Width - 1 - x)) * 3;
                pixels[d] = Pixels[s];
                pixels[d + 1] = Pixels[s + 1];
                pixels[d + 2] = Pixels[s + 2];
            }
        }
        return new RgbImage(Width, Height, pixels);
    }

    /// <summary>
    /// Resamples to the given size; returns this image when the size already matches. Strong reductions (CelebA's
    /// 178x218 to 32 px) go through mipmaps so they average instead of aliasing; the rest use Mitchell cubic.
    /// </summary>
    public RgbImage Resize(int width, int height)
    {
        if (width == Width && height == Height)
            return this;
        var sampling = width * 2 <= Width || height * 2 <= Height
            ? new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)
            : new SKSamplingOptions(SKCubicResampler.Mitchell);
        using var source = ToBitmap();
        using var image = SKImage.FromBitmap(source);
        using var resized = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(resized))
            canvas.DrawImage(image, SKRect.Create(width, height), sampling);
        return FromBitmap(resized);
    }

    private static SKBitmap ToUnpremulRgba(SKBitmap bitmap)
    {
        var copy = new SKBitmap(new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using var source = bitmap.PeekPixels();
        using var target = copy.PeekPixels();
        if (source is null || target is null || !source.ReadPixels(target))
        {
            copy.Dispose();
            throw new InvalidOperationException($"Cannot convert a {bitmap.ColorType} bitmap to RGBA.");
        }
        return copy;
    }
}
