using SkiaSharp;
using TwinGan.Data.Imaging;
using TwinGan.Data.TwinFaces;

namespace TwinGan.Data.Tests;

/// <summary>The domains must differ in shape, not only in colour, or a colour transfer would solve the task.</summary>
public class GeometryTests
{
    [Fact]
    public void Layout_AnimeVsPhoto_BiggerLowerEyesAndPointedChin()
    {
        var photo = FaceLayout.For(FaceDomain.Photo, 0);
        var anime = FaceLayout.For(FaceDomain.Anime, 0);
        Assert.True(anime.EyeRx * anime.EyeRy > 5 * photo.EyeRx * photo.EyeRy, "anime eyes should be over 5x the area");
        Assert.True((anime.EyeY - anime.CraniumY) / anime.CraniumRy > (photo.EyeY - photo.CraniumY) / photo.CraniumRy + 0.2f, "anime eyes sit lower in the head");
        Assert.True(anime.CraniumRx > photo.CraniumRx * 1.2f, "anime heads are bigger");
        Assert.True(anime.JawHalfWidth(anime.ChinY - 8) < photo.JawHalfWidth(photo.ChinY - 8) * 0.8f, "anime chins are pointed");
    }

    [Fact]
    public void FacePath_Yawed_OutlineAsymmetric()
    {
        using var frontal = FaceLayout.For(FaceDomain.Photo, 0).FacePath();
        using var turned = FaceLayout.For(FaceDomain.Photo, 30).FacePath();
        static SKPoint Chin(SKPath path) => path.Points.MaxBy(p => p.Y);
        Assert.Equal(FaceLayout.Center, Chin(frontal).X, 1f);
        Assert.True(Chin(turned).X > FaceLayout.Center + 20, $"the chin of a turned face moves sideways, at {Chin(turned).X}");
        Assert.Equal(frontal.Bounds.Top, turned.Bounds.Top, 1f);
    }

    [Fact]
    public void Render_SameLatentBothDomains_AnimeHasFarMoreEyeWhite()
    {
        var latent = LatentSampler.SampleShared(Rng.For(11, "test", 0)) with { Glasses = false, YawDegrees = 0, TiltDegrees = 0, Background = BackgroundColor.Blue };
        int photo = EyeWhitePixels(TwinFacesRenderer.Render(latent, FaceDomain.Photo, 128));
        int anime = EyeWhitePixels(TwinFacesRenderer.Render(latent, FaceDomain.Anime, 128));
        Assert.True(anime > 4 * Math.Max(photo, 1), $"eye-white pixels: anime {anime}, photo {photo}");
        Assert.True(anime > 60, $"anime eye-white pixels: {anime}");
    }

    /// <summary>Near-white, unsaturated pixels in the band where either domain puts the eyes.</summary>
    private static int EyeWhitePixels(RgbImage image)
    {
        int count = 0;
        for (int y = image.Height * 100 / 256; y < image.Height * 170 / 256; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                int o = ((y * image.Width) + x) * 3;
                byte r = image.Pixels[o], g = image.Pixels[o + 1], b = image.Pixels[o + 2];
                if (Math.Min(r, Math.Min(g, b)) > 225 && Math.Max(r, Math.Max(g, b)) - Math.Min(r, Math.Min(g, b)) < 20)
                    count++;
            }
        }
        return count;
    }
}
