using TwinGan.Data.Imaging;

namespace TwinGan.Data.TwinFaces;

/// <summary>Sample sheets of the dataset (docs/images/twin-faces-*.png are made with these).</summary>
public static class TwinFacesSamples
{
    /// <summary>The first <paramref name="perDomain"/> training images: a photo row above an anime row (unrelated faces).</summary>
    public static RgbImage TrainSheet(long seed, int size, int perDomain = 8) =>
        ContactSheet.Compose(
            [.. TwinFacesSplits.TrainSplit(FaceDomain.Photo, perDomain, seed).Select(i => i.Render(size)),
             .. TwinFacesSplits.TrainSplit(FaceDomain.Anime, perDomain, seed).Select(i => i.Render(size))],
            perDomain);

    /// <summary>The first <paramref name="pairs"/> test pairs: each column is one latent, photo above anime.</summary>
    public static RgbImage PairedSheet(long seed, int size, int pairs = 8) =>
        ContactSheet.Compose(
            [.. TwinFacesSplits.TestSplit(FaceDomain.Photo, pairs, seed).Select(i => i.Render(size)),
             .. TwinFacesSplits.TestSplit(FaceDomain.Anime, pairs, seed).Select(i => i.Render(size))],
            pairs);
}
