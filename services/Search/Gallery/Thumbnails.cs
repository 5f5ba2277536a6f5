using SkiaSharp;

namespace TwinGan.Search.Gallery;

/// <summary>
/// <c>ImageContent.generate_thumbnail</c>: the upserted image scaled to fit <c>Search:ThumbnailSize</c> pixels (aspect kept,
/// never enlarged), WebP. Called after the Embedder accepted the image and after the header checks (bytes, pixels), so
/// decoding here is bounded.
/// </summary>
internal static class Thumbnails
{
    private const int Quality = 80;

    /// <summary>The thumbnail's WebP bytes, or null when the image cannot be decoded.</summary>
    public static byte[]? Make(ReadOnlySpan<byte> image, int size)
    {
        using var decoded = SKBitmap.Decode(image);
        if (decoded is null || decoded.Width <= 0 || decoded.Height <= 0) return null;
        var scale = Math.Min(1.0, (double)size / Math.Max(decoded.Width, decoded.Height));
        var width = Math.Max(1, (int)Math.Round(decoded.Width * scale));
        var height = Math.Max(1, (int)Math.Round(decoded.Height * scale));
        using var resized = decoded.Resize(new SKImageInfo(width, height), new SKSamplingOptions(SKCubicResampler.Mitchell));
        if (resized is null) return null;
        using var data = resized.Encode(SKEncodedImageFormat.Webp, Quality);
        return data?.ToArray();
    }
}
