using TwinGan.Data.Imaging;

namespace TwinGan.Data.TwinFaces;

/// <summary>One image of the twin-faces dataset: its id (shared by the two renderings of a test pair) and latent.</summary>
public sealed record TwinFaceItem(string Id, FaceDomain Domain, FaceLatent Latent)
{
    public int[] Labels() => TwinFacesSchema.Labels(Latent, Domain);

    public RgbImage Render(int size) => TwinFacesRenderer.Render(Latent, Domain, size);
}

/// <summary>
/// The splits. Train: independent latents per domain, so there are no pairs to learn from. Test: one latent per
/// pair rendered in both domains under the same id, the ground truth for paired L1 and twin retrieval. Each split
/// and domain has its own random stream, so growing one split never changes another.
/// </summary>
public static class TwinFacesSplits
{
    public const string Train = "train";
    public const string Test = "test";

    public static string Name(FaceDomain domain) => domain == FaceDomain.Photo ? "photo" : "anime";

    public static FaceDomain ParseDomain(string name) => name switch
    {
        "photo" => FaceDomain.Photo,
        "anime" => FaceDomain.Anime,
        _ => throw new ArgumentException($"Unknown twin-faces domain '{name}' (expected photo or anime).", nameof(name)),
    };

    public static IReadOnlyList<TwinFaceItem> TrainSplit(FaceDomain domain, int count, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        string stream = $"{Train}/{Name(domain)}";
        var items = new TwinFaceItem[count];
        for (int i = 0; i < count; i++)
            items[i] = new TwinFaceItem(Id(i), domain, LatentSampler.Sample(domain, Rng.For(seed, stream, i)));
        return items;
    }

    /// <summary>The paired test split as seen from one domain; the same ids and latents in both.</summary>
    public static IReadOnlyList<TwinFaceItem> TestSplit(FaceDomain domain, int count, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var items = new TwinFaceItem[count];
        for (int i = 0; i < count; i++)
            items[i] = new TwinFaceItem(Id(i), domain, LatentSampler.SampleShared(Rng.For(seed, Test, i)));
        return items;
    }

    public static IReadOnlyList<TwinFaceItem> Split(string split, FaceDomain domain, int count, long seed) => split switch
    {
        Train => TrainSplit(domain, count, seed),
        Test => TestSplit(domain, count, seed),
        _ => throw new ArgumentException($"Unknown twin-faces split '{split}' (expected {Train} or {Test}).", nameof(split)),
    };

    private static string Id(int index) => index.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
}
