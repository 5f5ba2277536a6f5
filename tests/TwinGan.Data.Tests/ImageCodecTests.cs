using System.Buffers.Binary;
using System.IO.Hashing;
using SkiaSharp;
using TwinGan.Data.Imaging;

namespace TwinGan.Data.Tests;

public sealed class ImageCodecTests
{
    private static readonly ImageLimits Limits = new(MaxBytes: 1 << 20, MaxPixels: 4096 * 4096);

    [Theory]
    [InlineData(EncodedImageFormat.Png)]
    [InlineData(EncodedImageFormat.Jpeg)]
    [InlineData(EncodedImageFormat.Webp)]
    public void EncodeDecode_EveryFormat_KeepsSizeAndColour(EncodedImageFormat format)
    {
        var image = Gradient(24, 16);

        var decoded = ImageCodec.Decode(ImageCodec.Encode(image, format, quality: 95), Limits);

        Assert.Equal((24, 16), (decoded.Width, decoded.Height));
        var meanError = image.Pixels.Zip(decoded.Pixels, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(format == EncodedImageFormat.Png ? meanError == 0 : meanError < 6, $"mean error {meanError}");
    }

    [Fact]
    public void Decode_Empty_Refused() => AssertRefused([], ImageDecodeFailure.Empty);

    [Fact]
    public void Decode_RandomBytes_RefusedAsNotAnImage()
    {
        var bytes = new byte[512];
        new Random(7).NextBytes(bytes);
        AssertRefused(bytes, ImageDecodeFailure.NotAnImage);
    }

    [Fact]
    public void Decode_TruncatedPng_Refused()
    {
        var png = ImageCodec.Encode(Gradient(64, 64), EncodedImageFormat.Png);
        AssertRefused(png[..(png.Length / 2)], ImageDecodeFailure.Truncated);
    }

    [Fact]
    public void Decode_OverByteLimit_Refused() =>
        AssertRefused(ImageCodec.Encode(Gradient(8, 8), EncodedImageFormat.Png), ImageDecodeFailure.TooManyBytes, new ImageLimits(MaxBytes: 10));

    [Fact]
    public void Decode_HeaderDeclaresHugeImage_RefusedBeforeDecoding()
    {
        var bomb = PngWithHeaderSize(ImageCodec.Encode(Gradient(8, 8), EncodedImageFormat.Png), 100_000, 100_000);
        AssertRefused(bomb, ImageDecodeFailure.TooManyPixels);
    }

    [Fact]
    public void Decode_HeaderDeclaresZeroWidth_Refused()
    {
        var zero = PngWithHeaderSize(ImageCodec.Encode(Gradient(8, 8), EncodedImageFormat.Png), 0, 8);
        var error = Assert.Throws<ImageDecodeException>(() => ImageCodec.Decode(zero, Limits));
        Assert.Contains(error.Failure, new[] { ImageDecodeFailure.ZeroSize, ImageDecodeFailure.NotAnImage });
    }

    [Fact]
    public void Decode_TransparentPixels_FlattenedOnWhite()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(2, 1, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        bitmap.SetPixel(0, 0, new SKColor(0, 0, 0, 0));
        bitmap.SetPixel(1, 0, new SKColor(255, 0, 0, 255));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);

        var decoded = ImageCodec.Decode(data.ToArray(), Limits);

        Assert.Equal(new byte[] { 255, 255, 255, 255, 0, 0 }, decoded.Pixels);
    }

    [Fact]
    public void Decode_ExifRotate90_ReturnsUprightImage()
    {
        var landscape = Gradient(8, 4);
        var jpeg = WithExifOrientation(ImageCodec.Encode(landscape, EncodedImageFormat.Jpeg, 100), orientation: 6);

        var decoded = ImageCodec.Decode(jpeg, Limits);

        Assert.Equal((4, 8), (decoded.Width, decoded.Height));
    }

    [Fact]
    public void CenterSquare_Landscape_CropsMiddleAndResizes()
    {
        var (square, box) = ImageCodec.CenterSquare(Gradient(30, 20), 8);

        Assert.Equal(new CropBox(5, 0, 20, 20), box);
        Assert.Equal((8, 8), (square.Width, square.Height));
    }

    private static void AssertRefused(byte[] data, ImageDecodeFailure expected, ImageLimits? limits = null)
    {
        var error = Assert.Throws<ImageDecodeException>(() => ImageCodec.Decode(data, limits ?? Limits));
        Assert.Equal(expected, error.Failure);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    private static RgbImage Gradient(int w, int h)
    {
        var pixels = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var o = ((y * w) + x) * 3;
                (pixels[o], pixels[o + 1], pixels[o + 2]) = ((byte)(x * 255 / w), (byte)(y * 255 / h), 128);
            }
        return new RgbImage(w, h, pixels);
    }

    /// <summary>Rewrites the IHDR width/height (and its CRC) of a valid PNG: a tiny file that declares any size.</summary>
    private static byte[] PngWithHeaderSize(byte[] png, int width, int height)
    {
        var copy = (byte[])png.Clone();
        BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(29), Crc32.HashToUInt32(copy.AsSpan(12, 17)));
        return copy;
    }

    /// <summary>Inserts an APP1 Exif segment holding only the orientation tag (0x0112) right after the JPEG SOI.</summary>
    private static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        var tiff = new byte[26];
        "MM"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(10), 0x0112);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(12), 3);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(14), 1);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(18), orientation);
        byte[] payload = [.. "Exif\0\0"u8.ToArray(), .. tiff];
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }
}
