using TwinGan.Data.Imaging;

namespace TwinGan.Data.Readers;

/// <summary>
/// Lists jpg/png/webp files under a folder, recursively, in ordinal order of their relative paths so every
/// machine sees the same order. Files are not opened here: unreadable images are skipped (and counted) by the
/// loader when it decodes them.
/// </summary>
public static class ImageFolderReader
{
    public static ImageDataset Read(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        string full = Path.GetFullPath(root);
        if (!Directory.Exists(full))
            throw new DirectoryNotFoundException($"Image folder '{full}' does not exist.");
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden };
        var files = Directory.EnumerateFiles(full, "*", options)
            .Where(f => ImageDecoder.Extensions.Contains(Path.GetExtension(f)))
            .Select(f => (Relative: Path.GetRelativePath(full, f).Replace('\\', '/'), Path: f))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .Select(f => new ImageEntry(f.Path, []))
            .ToList();
        return new ImageDataset(full, files, AttributeSchema.Empty);
    }
}
