using SkiaSharp;
using TwinGan.Data.Imaging;

namespace TwinGan.Data.TwinFaces;

/// <summary>
/// Renders a <see cref="FaceLatent"/> in one domain at a power-of-two size from 8 to 256. Drawing happens in a
/// 256-unit design space scaled to the output, antialiased, so every size shows the same face. The output depends
/// only on (latent, domain, size): rendering is cheap enough (about 1 ms at 64 px) to do on the fly in training.
/// </summary>
public static class TwinFacesRenderer
{
    public const int MinSize = 8;
    public const int MaxSize = 256;
    private const float DesignSize = 256f;

    public static void ValidateSize(int size)
    {
        if (size < MinSize || size > MaxSize || (size & (size - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"Twin-faces size must be a power of two from {MinSize} to {MaxSize}.");
    }

    public static RgbImage Render(FaceLatent latent, FaceDomain domain, int size)
    {
        ArgumentNullException.ThrowIfNull(latent);
        ValidateSize(size);
        using var bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Scale(size / DesignSize);
            // Separate streams so that, e.g., the number of freckles drawn never changes the clothes colour.
            var detail = new Rng(latent.DetailSeed);
            if (domain == FaceDomain.Photo)
                PhotoPainter.Paint(canvas, latent, detail);
            else
                AnimePainter.Paint(canvas, latent, detail);
        }
        if (domain != FaceDomain.Photo)
            return RgbImage.FromBitmap(bitmap);
        using var soft = Soften(bitmap);
        var image = RgbImage.FromBitmap(soft);
        AddSensorNoise(image, new Rng(latent.DetailSeed ^ 0x5EED_0F_D0D0UL));
        return image;
    }

    /// <summary>
    /// Photos are slightly out of focus while cel drawings have crisp edges: a small Gaussian blur (about one pixel
    /// at 256 px) softens every photo edge.
    /// </summary>
    private static SKBitmap Soften(SKBitmap sharp)
    {
        float sigma = Math.Max(0.35f, 0.9f * sharp.Width / DesignSize);
        var soft = new SKBitmap(sharp.Info);
        using var canvas = new SKCanvas(soft);
        using var blur = SKImageFilter.CreateBlur(sigma, sigma, SKShaderTileMode.Clamp);
        using var paint = new SKPaint { ImageFilter = blur };
        canvas.DrawBitmap(sharp, 0, 0, paint);
        return soft;
    }

    /// <summary>
    /// Photo texture: luminance noise plus a little chroma noise, as a camera adds. Anime images stay flat, so the
    /// noise is one of the cues a translator has to add or remove.
    /// </summary>
    private static void AddSensorNoise(RgbImage image, Rng rng)
    {
        var pixels = image.Pixels;
        for (int i = 0; i < pixels.Length; i += 3)
        {
            ulong bits = rng.NextUInt64();
            int luma = (int)(bits & 0x7) + (int)((bits >> 4) & 0x7) + (int)((bits >> 40) & 0x7) - 10;
            for (int c = 0; c < 3; c++)
            {
                int chroma = (int)((bits >> (8 + (8 * c))) & 0x7) - 3;
                pixels[i + c] = (byte)Math.Clamp(pixels[i + c] + luma + chroma, 0, 255);
            }
        }
    }
}
