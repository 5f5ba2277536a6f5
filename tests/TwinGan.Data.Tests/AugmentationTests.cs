using TwinGan.Data.Augmentation;
using TwinGan.Data.Imaging;
using TwinGan.Testing;
using TwinGan.Data.TwinFaces;

namespace TwinGan.Data.Tests;

public class AugmentationTests
{
    private static RgbImage Gradient(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (int i = 0; i < width * height; i++)
        {
            pixels[i * 3] = (byte)(i % width * 255 / width);
            pixels[(i * 3) + 1] = (byte)(i / width * 255 / height);
        }
        return new RgbImage(width, height, pixels);
    }

    [Fact]
    public void RandomCropFlip_NonSquareInput_OutputSquareOfRequestedSize()
    {
        var crop = new RandomCropFlip(32);
        for (int i = 0; i < 20; i++)
        {
            var image = crop.Apply(Gradient(90, 60), Rng.For(1, "t", i));
            Assert.Equal((32, 32), (image.Width, image.Height));
        }
    }

    [Fact]
    public void RandomCropFlip_SameRng_SameResult_FlipsSometimes()
    {
        var crop = new RandomCropFlip(16, minCropFraction: 1f);
        var source = Gradient(16, 16);
        Assert.Equal(crop.Apply(source, Rng.For(3, "t", 0)).Pixels, crop.Apply(source, Rng.For(3, "t", 0)).Pixels);
        var results = Enumerable.Range(0, 16).Select(i => crop.Apply(source, Rng.For(3, "t", i)).Pixels).ToList();
        Assert.Contains(results, r => r.AsSpan().SequenceEqual(source.Pixels));
        Assert.Contains(results, r => r.AsSpan().SequenceEqual(source.FlipHorizontal().Pixels));
    }

    [Fact]
    public void FlipHorizontal_Twice_Identity()
    {
        var image = Gradient(7, 5);
        Assert.Equal(image.Pixels, image.FlipHorizontal().FlipHorizontal().Pixels);
        Assert.Equal(image.Pixels[..3], image.FlipHorizontal().Pixels[18..21]);
    }

    [Fact]
    public void Resize_StrongReduction_AveragesInsteadOfSampling()
    {
        // A one-pixel checkerboard reduced 8x must come out mid-grey, not black or white.
        var pixels = new byte[64 * 64 * 3];
        for (int i = 0; i < 64 * 64; i++)
            pixels.AsSpan(i * 3, 3).Fill((byte)(((i % 64) + (i / 64)) % 2 == 0 ? 255 : 0));
        var small = new RgbImage(64, 64, pixels).Resize(8, 8);
        Assert.All(small.Pixels, p => Assert.InRange(p, 90, 165));
    }

    [Fact]
    public void CenterSquare_Landscape_CentredShorterSide() =>
        Assert.Equal(new CropBox(15, 0, 60, 60), CropBox.CenterSquare(90, 60));

    [OpenCvFact]
    public void FaceCropper_NoFace_FallsBackToCentreSquare()
    {
        using var cropper = FaceCropper.Create(FaceCropOptions.HumanFaces(), 32);
        var flat = new RgbImage(120, 80, Enumerable.Repeat((byte)128, 120 * 80 * 3).ToArray());
        var crop = cropper.Locate(flat);
        Assert.False(crop.Detected);
        Assert.Equal(CropBox.CenterSquare(120, 80), crop.Box);
        Assert.Equal((32, 32), (cropper.Apply(flat, new Rng(0)).Width, cropper.Apply(flat, new Rng(0)).Height));
    }

    [OpenCvFact]
    public void FaceCropper_RenderedPhotoFace_DetectedAroundTheEyes()
    {
        using var cropper = FaceCropper.Create(FaceCropOptions.HumanFaces(), 64);
        var latent = LatentSampler.SampleShared(Rng.For(2, "test", 0)) with { YawDegrees = 0, TiltDegrees = 0, Glasses = false, Beard = false, HairStyle = HairStyle.Ponytail };
        var face = TwinFacesRenderer.Render(latent, FaceDomain.Photo, 256);
        // Off-centre on a wider canvas, so a centre crop could not pass by accident.
        var canvas = new RgbImage(512, 256, new byte[512 * 256 * 3]);
        for (int y = 0; y < 256; y++)
            Array.Copy(face.Pixels, y * 256 * 3, canvas.Pixels, ((y * 512) + 256) * 3, 256 * 3);
        var crop = cropper.Locate(canvas);
        Assert.True(crop.Detected, "the cascade did not find the rendered photo face");
        Assert.InRange(crop.Box.X + (crop.Box.Width / 2), 256 + 100, 256 + 156);
        Assert.InRange(crop.Box.Y + (crop.Box.Height / 2), 100, 160);
    }

    [OpenCvFact]
    public void FaceCropper_CatCascade_Loads()
    {
        using var cropper = FaceCropper.Create(FaceCropOptions.CatFaces(), 32);
        Assert.False(cropper.Locate(Gradient(64, 64)).Detected);
    }

    [Fact]
    public void FaceCropper_MissingCascade_ClearError()
    {
        var e = Assert.Throws<FaceDetectorUnavailableException>(() => FaceCropper.Create(new FaceCropOptions("/nonexistent/cascade.xml"), 32));
        Assert.True(e.Message.Contains("opencv-data", StringComparison.Ordinal) || e.Message.Contains("libgtk-3-0", StringComparison.Ordinal), e.Message);
    }
}
