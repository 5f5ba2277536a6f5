using TwinGan.Data.Imaging;
using TwinGan.Data.TwinFaces;

namespace TwinGan.Data.Tests;

public class RendererTests
{
    private static FaceLatent Latent(long seed, int index = 0) => LatentSampler.SampleShared(Rng.For(seed, "test", index));

    [Theory]
    [InlineData(FaceDomain.Photo)]
    [InlineData(FaceDomain.Anime)]
    public void Render_SameLatentTwice_IdenticalBytes(FaceDomain domain)
    {
        var latent = Latent(7);
        Assert.Equal(TwinFacesRenderer.Render(latent, domain, 64).Pixels, TwinFacesRenderer.Render(latent, domain, 64).Pixels);
    }

    [Fact]
    public void TrainSplit_DifferentSeed_DifferentImages()
    {
        var a = TwinFacesSplits.TrainSplit(FaceDomain.Photo, 1, seed: 1)[0].Render(32);
        var b = TwinFacesSplits.TrainSplit(FaceDomain.Photo, 1, seed: 2)[0].Render(32);
        var again = TwinFacesSplits.TrainSplit(FaceDomain.Photo, 1, seed: 1)[0].Render(32);
        Assert.NotEqual(a.Pixels, b.Pixels);
        Assert.Equal(a.Pixels, again.Pixels);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(128)]
    [InlineData(256)]
    public void Render_EveryPowerOfTwoSize_BothDomainsDrawAFace(int size)
    {
        foreach (var domain in new[] { FaceDomain.Photo, FaceDomain.Anime })
        {
            var image = TwinFacesRenderer.Render(Latent(3), domain, size);
            Assert.Equal(size, image.Width);
            Assert.Equal(size, image.Height);
            Assert.True(Spread(image) > 40, $"{domain} at {size}px is nearly flat");
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(48)]
    [InlineData(512)]
    public void Render_SizeNotPowerOfTwoIn8To256_Throws(int size) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TwinFacesRenderer.Render(Latent(1), FaceDomain.Anime, size));

    [Fact]
    public void Render_DifferentYaw_MovesTheFace()
    {
        var left = Latent(5) with { YawDegrees = -30 };
        var right = left with { YawDegrees = 30 };
        var a = TwinFacesRenderer.Render(left, FaceDomain.Anime, 64);
        var b = TwinFacesRenderer.Render(right, FaceDomain.Anime, 64);
        Assert.Equal(a.FlipHorizontal().Width, b.Width);
        Assert.NotEqual(a.Pixels, b.Pixels);
    }

    private static int Spread(RgbImage image)
    {
        int min = 255, max = 0;
        for (int i = 0; i < image.Pixels.Length; i += 3)
        {
            int luma = (image.Pixels[i] + image.Pixels[i + 1] + image.Pixels[i + 2]) / 3;
            min = Math.Min(min, luma);
            max = Math.Max(max, luma);
        }
        return max - min;
    }
}

public class SampleSheetTests
{
    [Fact]
    public void PairedSheet_EightPairsAt16_TwoRowsOfEight()
    {
        var sheet = TwinFacesSamples.PairedSheet(seed: 1, size: 16);
        Assert.Equal((8 * 16) + (7 * 2), sheet.Width);
        Assert.Equal((2 * 16) + 2, sheet.Height);
    }
}
