using SkiaSharp;
using TwinGan.Model.Imaging;

namespace TwinGan.Model.Tests;

public sealed class ImageCodecTests
{
    private static float At(RgbImage image, int channel, int x, int y) => image.Chw.Span[(channel * image.Width * image.Height) + (y * image.Width) + x];

    [Fact]
    public void EncodeThenDecode_Png_IsLosslessAtByteResolution()
    {
        var values = Enumerable.Range(0, 3 * 8 * 8).Select(i => (MathF.Round((i % 256) / 1f) / 127.5f) - 1f).ToArray();
        var image = new RgbImage(8, 8, values);

        var decoded = ImageCodec.Decode(ImageCodec.Encode(image, ImageFormat.Png), 8);

        Assert.Equal(values, decoded.Chw.ToArray());
    }

    [Theory]
    [InlineData(ImageFormat.Jpeg)]
    [InlineData(ImageFormat.Webp)]
    public void EncodeThenDecode_LossyFormats_StaysClose(ImageFormat format)
    {
        var image = ImageCodec.Decode(TestImages.Halves(32, 32, SKEncodedImageFormat.Png), 32);

        var decoded = ImageCodec.Decode(ImageCodec.Encode(image, format, quality: 95), 32);

        var error = image.Chw.ToArray().Zip(decoded.Chw.ToArray(), (a, b) => Math.Abs(a - b)).Average();
        Assert.True(error < 0.05, $"mean abs error {error}");
    }

    [Fact]
    public void Decode_WideImage_CentreCropsAndResizes()
    {
        var image = ImageCodec.Decode(TestImages.Halves(64, 32, SKEncodedImageFormat.Png), 16);

        Assert.Equal((16, 16), (image.Width, image.Height));
        Assert.Equal(1f, At(image, 0, 2, 8));
        Assert.Equal(1f, At(image, 2, 13, 8));
    }

    [Fact]
    public void Decode_ExifRotate90_TurnsLeftRightHalvesIntoTopBottom()
    {
        var jpeg = TestImages.WithExifOrientation(TestImages.Halves(64, 32, SKEncodedImageFormat.Jpeg), orientation: 6);

        var (_, width, height) = ImageCodec.Probe(jpeg);
        var image = ImageCodec.Decode(jpeg, 16);

        Assert.Equal((32, 64), (width, height));
        Assert.True(At(image, 0, 8, 2) > 0.8f && At(image, 2, 8, 2) < -0.8f, "top should be red");
        Assert.True(At(image, 2, 8, 13) > 0.8f && At(image, 0, 8, 13) < -0.8f, "bottom should be blue");
    }

    [Fact]
    public void Decode_TransparentPng_FlattensOntoBackground()
    {
        var png = TestImages.Halves(8, 8, SKEncodedImageFormat.Png, alpha: 0);

        var image = ImageCodec.Decode(png, 8, new ImageCodecOptions(Background: 0x00FF00));

        Assert.Equal((-1f, 1f, -1f), (At(image, 0, 1, 1), At(image, 1, 1, 1), At(image, 2, 1, 1)));
    }

    [Fact]
    public void Decode_HeaderOverPixelLimit_RefusesBeforeDecodingPixels()
    {
        var bomb = TestImages.PngClaiming(200_000, 200_000);

        var error = Assert.Throws<ImageDecodeException>(() => ImageCodec.Decode(bomb, 16));

        Assert.Equal(ImageDecodeError.TooManyPixels, error.Reason);
        Assert.Contains("40000000000 pixels", error.Message);
    }

    [Fact]
    public void Decode_RealImageOverConfiguredLimit_IsRefused()
    {
        var error = Assert.Throws<ImageDecodeException>(() =>
            ImageCodec.Decode(TestImages.Halves(100, 100, SKEncodedImageFormat.Png), 16, new ImageCodecOptions(MaxPixels: 5_000)));

        Assert.Equal(ImageDecodeError.TooManyPixels, error.Reason);
    }

    [Fact]
    public void Decode_TruncatedPng_ThrowsTruncated()
    {
        var png = TestImages.Halves(64, 64, SKEncodedImageFormat.Png);

        var error = Assert.Throws<ImageDecodeException>(() => ImageCodec.Decode(png.AsSpan(0, png.Length / 2), 16));

        Assert.Equal(ImageDecodeError.Truncated, error.Reason);
    }

    [Fact]
    public void Decode_ZeroWidthHeader_ThrowsZeroSize()
    {
        var error = Assert.Throws<ImageDecodeException>(() => ImageCodec.Decode(TestImages.PngClaiming(0, 16), 16));

        Assert.Equal(ImageDecodeError.ZeroSize, error.Reason);
    }

    [Theory]
    [InlineData(new byte[0], ImageDecodeError.Empty)]
    [InlineData(new byte[] { 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x20, 0x77, 0x6f, 0x72, 0x6c, 0x64 }, ImageDecodeError.NotAnImage)]
    public void Decode_NonImageBytes_ThrowsSpecificReason(byte[] bytes, ImageDecodeError reason)
    {
        var error = Assert.Throws<ImageDecodeException>(() => ImageCodec.Decode(bytes, 16));

        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public void Decode_Gif_ThrowsUnsupportedFormat()
    {
        var error = Assert.Throws<ImageDecodeException>(() => ImageCodec.Decode(TestImages.Gif, 16));

        Assert.Equal(ImageDecodeError.UnsupportedFormat, error.Reason);
    }
}
