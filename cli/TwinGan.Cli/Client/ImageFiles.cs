using Google.Protobuf;
using TwinGan.Contracts.Common.V1;

namespace TwinGan.Cli.Client;

/// <summary>Local image files: reading them into request images, expanding folders, naming outputs.</summary>
internal static class ImageFiles
{
    private static readonly Dictionary<string, string> MediaTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".webp"] = "image/webp",
    };

    public static bool IsImage(string path) => MediaTypes.ContainsKey(Path.GetExtension(path));

    public static Image Load(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"input file not found: {path}");
        // An unknown extension leaves the media type empty: the server sniffs it from the magic bytes.
        return new Image
        {
            Data = ByteString.CopyFrom(File.ReadAllBytes(path)),
            MediaType = MediaTypes.GetValueOrDefault(Path.GetExtension(path), ""),
        };
    }

    /// <summary>Files as given, folders expanded to their images (recursively, in ordinal path order).</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> inputs)
    {
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input)) files.AddRange(InFolder(input));
            else if (File.Exists(input)) files.Add(input);
            else throw new UsageException($"input not found: {input}");
        }
        if (files.Count == 0) throw new UsageException("no images found in the given inputs (png, jpg, jpeg, webp).");
        return files;
    }

    public static IReadOnlyList<string> InFolder(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(IsImage).Order(StringComparer.Ordinal)];

    /// <summary>Folder-relative path with '/' separators: the gallery id of an indexed file.</summary>
    public static string RelativeId(string folder, string file) =>
        Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');

    public static string Extension(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => ".jpg",
        ImageFormat.Webp => ".webp",
        _ => ".png",
    };

    public static ImageFormat ParseFormat(string name) => name.ToLowerInvariant() switch
    {
        "png" => ImageFormat.Png,
        "jpeg" or "jpg" => ImageFormat.Jpeg,
        "webp" => ImageFormat.Webp,
        _ => throw new UsageException($"--format '{name}' is not one of png, jpeg, webp."),
    };
}
