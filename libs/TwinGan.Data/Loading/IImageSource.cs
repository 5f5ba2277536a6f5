using TwinGan.Data.Imaging;

namespace TwinGan.Data.Loading;

/// <summary>An image and its labels as produced by a source, before the loader's transform.</summary>
public sealed record SourceImage(string Key, RgbImage Image, IReadOnlyList<int> Labels);

/// <summary>
/// Random access to one domain's images by index; called concurrently by the loader's workers. Returns null for
/// an image that cannot be decoded: the loader skips and counts it.
/// </summary>
public interface IImageSource
{
    string Domain { get; }

    int Count { get; }

    AttributeSchema Schema { get; }

    SourceImage? TryLoad(int index);
}
