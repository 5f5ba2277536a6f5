using TwinGan.Data.Imaging;

namespace TwinGan.Data.Augmentation;

/// <summary>
/// Training augmentation: a random square crop covering <see cref="MinCropFraction"/>..1 of the shorter side at a
/// random position, a horizontal flip half of the time, then a resize to <see cref="OutputSize"/>.
/// </summary>
public sealed class RandomCropFlip : IImageTransform
{
    public RandomCropFlip(int outputSize, float minCropFraction = 0.85f, bool flip = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputSize);
        if (minCropFraction is <= 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(minCropFraction), minCropFraction, "Must be in (0, 1].");
        OutputSize = outputSize;
        MinCropFraction = minCropFraction;
        Flip = flip;
    }

    public int OutputSize { get; }

    public float MinCropFraction { get; }

    public bool Flip { get; }

    public RgbImage Apply(RgbImage image, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(rng);
        int shorter = Math.Min(image.Width, image.Height);
        int side = Math.Clamp((int)Math.Round(shorter * rng.Range(MinCropFraction, 1f)), 1, shorter);
        var box = new CropBox(rng.Next(image.Width - side + 1), rng.Next(image.Height - side + 1), side, side);
        var result = image.Crop(box).Resize(OutputSize, OutputSize);
        return Flip && rng.Chance(0.5) ? result.FlipHorizontal() : result;
    }
}
