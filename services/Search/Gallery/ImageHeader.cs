using System.Buffers.Binary;
using TwinGan.Contracts.Common.V1;
using TwinGan.Search.Options;

namespace TwinGan.Search.Gallery;

/// <summary>
/// Refuses oversized or malformed images before anyone decodes pixels: byte limit, magic bytes (PNG, JPEG, WebP), media
/// type agreement, and width × height read from the header (PNG IHDR, JPEG SOFn, WebP VP8/VP8L/VP8X).
/// </summary>
internal static class ImageHeader
{
    public static void Check(Image image, string field, SearchLimits limits, List<Violation> v)
    {
        var data = image.Data.Span;
        if (data.Length == 0)
        {
            v.Add(new($"{field}.data", "the image is empty", "IMAGE_EMPTY"));
            return;
        }
        if (data.Length > limits.MaxImageBytes)
        {
            v.Add(new($"{field}.data", $"image is {data.Length} bytes; the limit is {limits.MaxImageBytes}", "IMAGE_TOO_LARGE"));
            return;
        }
        var sniffed = Sniff(data);
        if (sniffed is null)
        {
            v.Add(new($"{field}.data", "not a PNG, JPEG or WebP image", "UNSUPPORTED_MEDIA_TYPE"));
            return;
        }
        if (image.MediaType.Length > 0 && image.MediaType != sniffed)
        {
            v.Add(new($"{field}.media_type", $"'{image.MediaType}' contradicts the data, which is {sniffed}", "MEDIA_TYPE_MISMATCH"));
            return;
        }
        var size = Dimensions(data, sniffed);
        if (size is null)
            v.Add(new($"{field}.data", "the image header is truncated or malformed", "IMAGE_UNDECODABLE"));
        else if ((long)size.Value.Width * size.Value.Height > limits.MaxImagePixels)
            v.Add(new($"{field}.data", $"image is {size.Value.Width}x{size.Value.Height} pixels; the limit is {limits.MaxImagePixels} pixels",
                "IMAGE_TOO_MANY_PIXELS"));
    }

    public static string? Sniff(ReadOnlySpan<byte> d)
    {
        if (d.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (d.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "image/jpeg";
        if (d.Length >= 12 && d.StartsWith("RIFF"u8) && d[8..12].SequenceEqual("WEBP"u8)) return "image/webp";
        return null;
    }

    private static (int Width, int Height)? Dimensions(ReadOnlySpan<byte> d, string mediaType) => mediaType switch
    {
        "image/png" => d.Length >= 24 && d[12..16].SequenceEqual("IHDR"u8)
            ? ((int)BinaryPrimitives.ReadUInt32BigEndian(d[16..]), (int)BinaryPrimitives.ReadUInt32BigEndian(d[20..]))
            : null,
        "image/jpeg" => Jpeg(d),
        _ => WebP(d),
    };

    private static (int, int)? Jpeg(ReadOnlySpan<byte> d)
    {
        var i = 2;
        while (i + 9 < d.Length)
        {
            if (d[i] != 0xFF) return null;
            var marker = d[i + 1];
            if (marker == 0xFF) { i++; continue; }
            var length = BinaryPrimitives.ReadUInt16BigEndian(d[(i + 2)..]);
            var isSof = marker is >= 0xC0 and <= 0xCF && marker is not (0xC4 or 0xC8 or 0xCC);
            if (isSof)
                return (BinaryPrimitives.ReadUInt16BigEndian(d[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(d[(i + 5)..]));
            i += 2 + length;
        }
        return null;
    }

    private static (int, int)? WebP(ReadOnlySpan<byte> d)
    {
        if (d.Length < 30) return null;
        var chunk = d[12..16];
        if (chunk.SequenceEqual("VP8X"u8))
            return (1 + (d[24] | d[25] << 8 | d[26] << 16), 1 + (d[27] | d[28] << 8 | d[29] << 16));
        if (chunk.SequenceEqual("VP8 "u8))
            return (BinaryPrimitives.ReadUInt16LittleEndian(d[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(d[28..]) & 0x3FFF);
        if (chunk.SequenceEqual("VP8L"u8))
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(d[21..]);
            return ((int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }
        return null;
    }
}
