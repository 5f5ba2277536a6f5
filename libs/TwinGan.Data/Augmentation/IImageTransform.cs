using TwinGan.Data.Imaging;

namespace TwinGan.Data.Augmentation;

/// <summary>
/// A per-image preprocessing step. The loader hands each image its own generator seeded from (seed, epoch,
/// position), so results do not depend on which worker ran first.
/// </summary>
public interface IImageTransform
{
    RgbImage Apply(RgbImage image, Rng rng);
}

/// <summary>Applies transforms in order.</summary>
public sealed class TransformPipeline(params IImageTransform[] steps) : IImageTransform
{
    public RgbImage Apply(RgbImage image, Rng rng)
    {
        foreach (var step in steps)
            image = step.Apply(image, rng);
        return image;
    }
}

/// <summary>The largest centred square, resized: the deterministic evaluation preprocessing.</summary>
public sealed class CenterCrop(int outputSize) : IImageTransform
{
    public RgbImage Apply(RgbImage image, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(image);
        return image.Crop(CropBox.CenterSquare(image.Width, image.Height)).Resize(outputSize, outputSize);
    }
}
