using System.Runtime.InteropServices;
using SkiaSharp;

namespace TwinGan.Model.Imaging;

/// <summary>Conversions between opaque RGBA8888 bitmaps and planar [-1, 1] floats (v / 127.5 - 1).</summary>
internal static class Pixels
{
    public static RgbImage FromBitmap(SKBitmap bitmap)
    {
        var (width, height) = (bitmap.Width, bitmap.Height);
        var rgba = MemoryMarshal.AsBytes(bitmap.GetPixelSpan());
        var plane = width * height;
        var chw = new float[3 * plane];
        for (var y = 0; y < height; y++)
        {
            var row = rgba.Slice(y * bitmap.RowBytes, width * 4);
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < 3; c++)
                    chw[(c * plane) + (y * width) + x] = (row[(x * 4) + c] / 127.5f) - 1f;
            }
        }
        return new RgbImage(width, height, chw);
    }

    public static SKBitmap ToBitmap(RgbImage image)
    {
        var (width, height) = (image.Width, image.Height);
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var rgba = new byte[bitmap.RowBytes * height];
        var chw = image.Chw.Span;
        var plane = width * height;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var offset = (y * bitmap.RowBytes) + (x * 4);
                for (var c = 0; c < 3; c++)
                    rgba[offset + c] = (byte)Math.Clamp(MathF.Round((chw[(c * plane) + (y * width) + x] + 1f) * 127.5f), 0, 255);
                rgba[offset + 3] = 255;
            }
        }
        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        return bitmap;
    }
}
