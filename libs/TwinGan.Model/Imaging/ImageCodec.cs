using System.Buffers.Binary;
using SkiaSharp;

namespace TwinGan.Model.Imaging;

/// <summary>Encodings the codec writes.</summary>
public enum ImageFormat
{
    Png,
    Jpeg,
    Webp,
}

/// <summary>Decoding limits and choices.</summary>
/// <param name="MaxPixels">Largest width x height accepted, checked on the header before any pixel is decoded.</param>
/// <param name="Background">Colour transparent pixels are flattened onto (0xRRGGBB).</param>
public sealed record ImageCodecOptions(long MaxPixels = 40_000_000, uint Background = 0xFFFFFF);

/// <summary>
/// SkiaSharp codec between image bytes and model tensors: decode PNG/JPEG/WebP, apply the EXIF orientation,
/// flatten alpha, centre-crop to a square, resize to the model resolution, scale to [-1, 1]; and back.
/// Stateless and thread-safe.
/// </summary>
public static class ImageCodec
{
    /// <summary>Decodes <paramref name="bytes"/> into a <paramref name="size"/> x <paramref name="size"/> model image.</summary>
    /// <exception cref="ImageDecodeException">The bytes are empty, not an image, unsupported, too large, zero-size or truncated.</exception>
    public static RgbImage Decode(ReadOnlySpan<byte> bytes, int size, ImageCodecOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        options ??= new ImageCodecOptions();
        if (bytes.IsEmpty)
            throw new ImageDecodeException(ImageDecodeError.Empty, "The image is empty (0 bytes).");
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data) ?? throw Unrecognised(bytes);
        CheckHeader(codec, options);
        using var decoded = DecodePixels(codec);
        using var upright = Orient(decoded, codec.EncodedOrigin, options.Background);
        return Resize(upright, size);
    }

    /// <summary>Reads only the header: format and upright dimensions (after EXIF orientation).</summary>
    public static (string Format, int Width, int Height) Probe(ReadOnlySpan<byte> bytes)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data)
            ?? throw new ImageDecodeException(bytes.IsEmpty ? ImageDecodeError.Empty : ImageDecodeError.NotAnImage, "The bytes are not a recognisable image.");
        var swapped = (int)codec.EncodedOrigin >= (int)SKEncodedOrigin.LeftTop;
        return (codec.EncodedFormat.ToString(), swapped ? codec.Info.Height : codec.Info.Width, swapped ? codec.Info.Width : codec.Info.Height);
    }

    /// <summary>Encodes a model image; <paramref name="quality"/> (0–100) applies to JPEG and WebP.</summary>
    public static byte[] Encode(RgbImage image, ImageFormat format, int quality = 90)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var bitmap = Pixels.ToBitmap(image);
        using var skImage = SKImage.FromBitmap(bitmap);
        var skFormat = format switch
        {
            ImageFormat.Png => SKEncodedImageFormat.Png,
            ImageFormat.Jpeg => SKEncodedImageFormat.Jpeg,
            ImageFormat.Webp => SKEncodedImageFormat.Webp,
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown image format."),
        };
        using var encoded = skImage.Encode(skFormat, quality)
            ?? throw new InvalidOperationException($"SkiaSharp could not encode {format}.");
        return encoded.ToArray();
    }

    /// <summary>libpng refuses a zero-size IHDR outright, so Skia reports no codec; read the header to say why.</summary>
    private static ImageDecodeException Unrecognised(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> pngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (bytes.Length >= 24 && bytes.StartsWith(pngSignature)
            && (BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]) == 0 || BinaryPrimitives.ReadUInt32BigEndian(bytes[20..]) == 0))
            return new ImageDecodeException(ImageDecodeError.ZeroSize, "The PNG header declares a zero width or height.");
        return new ImageDecodeException(ImageDecodeError.NotAnImage, "The bytes are not a recognisable image.");
    }

    private static void CheckHeader(SKCodec codec, ImageCodecOptions options)
    {
        var format = codec.EncodedFormat;
        if (format is not (SKEncodedImageFormat.Png or SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Webp))
            throw new ImageDecodeException(ImageDecodeError.UnsupportedFormat, $"{format} images are not accepted; send PNG, JPEG or WebP.");
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0)
            throw new ImageDecodeException(ImageDecodeError.ZeroSize, $"The image header declares {width}x{height} pixels.");
        if ((long)width * height > options.MaxPixels)
            throw new ImageDecodeException(ImageDecodeError.TooManyPixels, $"The image is {width}x{height} = {(long)width * height} pixels; the limit is {options.MaxPixels}.");
    }

    private static SKBitmap DecodePixels(SKCodec codec)
    {
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is SKCodecResult.Success)
            return bitmap;
        bitmap.Dispose();
        throw new ImageDecodeException(ImageDecodeError.Truncated, $"The image data is incomplete or corrupt ({result}).");
    }

    /// <summary>Draws the decoded pixels upright (EXIF orientation, TIFF tag 274) onto an opaque background.</summary>
    private static SKBitmap Orient(SKBitmap source, SKEncodedOrigin origin, uint background)
    {
        var (w, h) = (source.Width, source.Height);
        var swapped = (int)origin >= (int)SKEncodedOrigin.LeftTop;
        // Each matrix maps source (x, y) to upright (x', y'): x' = sx*x + kx*y + tx, y' = ky*x + sy*y + ty.
        var matrix = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
            _ => SKMatrix.Identity,
        };
        var upright = new SKBitmap(new SKImageInfo(swapped ? h : w, swapped ? w : h, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(upright);
        canvas.Clear(new SKColor(background | 0xFF000000));
        canvas.SetMatrix(matrix);
        canvas.DrawBitmap(source, 0, 0);
        return upright;
    }

    /// <summary>Centre-crops the largest square and resamples it to size x size.</summary>
    private static RgbImage Resize(SKBitmap upright, int size)
    {
        var side = Math.Min(upright.Width, upright.Height);
        var source = SKRect.Create((upright.Width - side) / 2f, (upright.Height - side) / 2f, side, side);
        using var image = SKImage.FromBitmap(upright);
        using var target = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(target))
        {
            // Mipmaps avoid aliasing when shrinking; plain bilinear is exact at scale 1 (Mitchell would blur).
            var sampling = side > size ? new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear) : new SKSamplingOptions(SKFilterMode.Linear);
            canvas.DrawImage(image, source, SKRect.Create(0, 0, size, size), sampling);
        }
        return Pixels.FromBitmap(target);
    }
}
