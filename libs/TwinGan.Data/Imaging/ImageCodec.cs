using SkiaSharp;

namespace TwinGan.Data.Imaging;

/// <summary>
/// Request-grade decoding and encoding on SkiaSharp: limits are checked on the header before any pixel is
/// decoded (a 1 KB PNG may declare 100k x 100k pixels), EXIF orientation is applied, transparency is
/// composited onto white, truncated data is refused rather than zero-filled.
/// </summary>
public static class ImageCodec
{
    public static RgbImage Decode(byte[] data, ImageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(limits);
        if (data.Length == 0)
            throw new ImageDecodeException(ImageDecodeFailure.Empty, "The image is empty (0 bytes).");
        if (data.Length > limits.MaxBytes)
            throw new ImageDecodeException(ImageDecodeFailure.TooManyBytes, $"The image is {data.Length} bytes; the limit is {limits.MaxBytes}.");
        using var skData = SKData.CreateCopy(data);
        using var codec = SKCodec.Create(skData)
            ?? throw new ImageDecodeException(ImageDecodeFailure.NotAnImage, "The bytes are not a PNG, JPEG or WebP image.");
        var (w, h) = (codec.Info.Width, codec.Info.Height);
        if (w <= 0 || h <= 0)
            throw new ImageDecodeException(ImageDecodeFailure.ZeroSize, $"The image declares a size of {w}x{h}.");
        if ((long)w * h > limits.MaxPixels)
            throw new ImageDecodeException(ImageDecodeFailure.TooManyPixels, $"The image is {w}x{h} = {(long)w * h} pixels; the limit is {limits.MaxPixels}.");
        var info = new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var decoded = new SKBitmap(info);
        var status = codec.GetPixels(info, decoded.GetPixels());
        if (status == SKCodecResult.IncompleteInput)
            throw new ImageDecodeException(ImageDecodeFailure.Truncated, "The image data is truncated.");
        if (status != SKCodecResult.Success)
            throw new ImageDecodeException(ImageDecodeFailure.Corrupt, $"The image could not be decoded ({status}).");
        using var upright = Orient(decoded, codec.EncodedOrigin);
        using var flat = FlattenOnWhite(upright);
        return RgbImage.FromBitmap(flat);
    }

    public static byte[] Encode(RgbImage image, EncodedImageFormat format, int quality = 90)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var bitmap = image.ToBitmap();
        var skFormat = format switch
        {
            EncodedImageFormat.Png => SKEncodedImageFormat.Png,
            EncodedImageFormat.Jpeg => SKEncodedImageFormat.Jpeg,
            EncodedImageFormat.Webp => SKEncodedImageFormat.Webp,
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown image format"),
        };
        using var data = bitmap.Encode(skFormat, Math.Clamp(quality, 1, 100))
            ?? throw new InvalidOperationException($"SkiaSharp could not encode {format}.");
        return data.ToArray();
    }

    public static string MediaType(EncodedImageFormat format) => format switch
    {
        EncodedImageFormat.Png => "image/png",
        EncodedImageFormat.Jpeg => "image/jpeg",
        EncodedImageFormat.Webp => "image/webp",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown image format"),
    };

    /// <summary>Centre square crop then resize: how request images meet the model's square input.</summary>
    public static (RgbImage Image, CropBox Box) CenterSquare(RgbImage image, int size)
    {
        ArgumentNullException.ThrowIfNull(image);
        var side = Math.Min(image.Width, image.Height);
        var box = new CropBox((image.Width - side) / 2, (image.Height - side) / 2, side, side);
        return (image.Crop(box).Resize(size, size), box);
    }

    private static SKBitmap Orient(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft) return bitmap.Copy();
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (w, h) = swap ? (bitmap.Height, bitmap.Width) : (bitmap.Width, bitmap.Height);
        var result = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using var canvas = new SKCanvas(result);
        canvas.SetMatrix(OriginMatrix(origin, bitmap.Width, bitmap.Height));
        canvas.DrawBitmap(bitmap, 0, 0);
        return result;
    }

    /// <summary>Maps stored pixels to display pixels for each EXIF orientation (TIFF 6.0 tag 274).</summary>
    private static SKMatrix OriginMatrix(SKEncodedOrigin origin, int w, int h) => origin switch
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

    private static SKBitmap FlattenOnWhite(SKBitmap bitmap)
    {
        var result = new SKBitmap(new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var canvas = new SKCanvas(result);
        canvas.Clear(SKColors.White);
        canvas.DrawBitmap(bitmap, 0, 0);
        return result;
    }
}
