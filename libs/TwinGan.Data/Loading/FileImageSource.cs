using System.Collections.Concurrent;
using TwinGan.Data.Imaging;
using TwinGan.Data.Readers;

namespace TwinGan.Data.Loading;

/// <summary>Decodes a dataset's files on demand; bad images are skipped, counted and remembered with the reason.</summary>
public sealed class FileImageSource(ImageDataset dataset, string domain) : IImageSource
{
    private readonly ConcurrentDictionary<string, string> _skipped = new(StringComparer.Ordinal);

    public string Domain { get; } = domain;

    public int Count => dataset.Count;

    public AttributeSchema Schema => dataset.Schema;

    /// <summary>Distinct files that failed to decode so far, with the reason.</summary>
    public IReadOnlyDictionary<string, string> Skipped => _skipped;

    public SourceImage? TryLoad(int index)
    {
        var entry = dataset.Entries[index];
        var image = ImageDecoder.TryDecode(entry.Path, out string? error);
        if (image is null)
        {
            _skipped.TryAdd(entry.Path, error ?? "unreadable");
            return null;
        }
        return new SourceImage(entry.Path, image, entry.Labels);
    }
}
