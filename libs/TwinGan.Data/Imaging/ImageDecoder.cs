using SkiaSharp;

namespace TwinGan.Data.Imaging;

/// <summary>Decodes jpg/png/webp (whatever Skia's codecs read) into <see cref="RgbImage"/>; never throws on bad files.</summary>
public static class ImageDecoder
{
    /// <summary>File extensions the folder readers pick up (lower case, with the dot).</summary>
    public static IReadOnlySet<string> Extensions { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".webp" };

    /// <summary>Decodes a file; on failure returns null and a reason (corrupt, truncated, unreadable or missing).</summary>
    public static RgbImage? TryDecode(string path, out string? error)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return TryDecode(stream, out error);
        }
        catch (IOException e)
        {
            error = e.Message;
            return null;
        }
        catch (UnauthorizedAccessException e)
        {
            error = e.Message;
            return null;
        }
    }

    public static RgbImage? TryDecode(Stream stream, out string? error)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var codec = SKCodec.Create(stream, out var result);
        if (codec is null)
        {
            error = $"not a readable image ({result})";
            return null;
        }
        // Alpha is dropped rather than composited: training images are opaque photos and drawings.
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var status = codec.GetPixels(info, bitmap.GetPixels());
        if (status != SKCodecResult.Success)
        {
            // IncompleteInput means a truncated file: Skia fills the rest with zeros, which must not reach training.
            error = status == SKCodecResult.IncompleteInput ? "truncated image" : $"decoding failed ({status})";
            return null;
        }
        error = null;
        return RgbImage.FromBitmap(bitmap);
    }
}
