using TwinGan.Data.Imaging;

namespace TwinGan.Data.Loading;

/// <summary>
/// One batch of one domain. <see cref="Skipped"/> images of the batch could not be decoded and are missing from it,
/// so a batch can be smaller than the batch size.
/// </summary>
public sealed record ImageBatch(
    string Domain,
    int Epoch,
    int Index,
    IReadOnlyList<RgbImage> Images,
    IReadOnlyList<IReadOnlyList<int>> Labels,
    IReadOnlyList<string> Keys,
    int Skipped);
