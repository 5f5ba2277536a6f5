using TwinGan.Data.Imaging;
using TwinGan.Trainer.Grpc;

namespace TwinGan.Trainer.Jobs;

/// <summary>
/// File-system checks of a job's datasets: every path must lie under one of Trainer:AllowedDatasetRoots both as written
/// and after resolving symlinks (no '..' traversal, no link out of the root, also inside the folder); a folder must exist,
/// be listable and hold images of which at least one of the first few decodes. Returns the resolved real paths the run uses.
/// </summary>
internal sealed class DatasetChecks
{
    private const int ProbeImages = 8;
    private readonly IReadOnlyList<string> _allowed;

    public DatasetChecks(IEnumerable<string> allowedRoots)
    {
        // A root is matched as written and as its real path (the configured root may itself be a symlink).
        _allowed = [.. allowedRoots.Select(Path.GetFullPath).SelectMany(r => new[] { r, RealPath(r) }).Distinct(StringComparer.Ordinal)];
    }

    public string? Folder(string path, string field, List<Violation> invalid, List<Violation> preconditions)
    {
        if (!Lexical(path, field, invalid, out var full)) return null;
        if (!Directory.Exists(full))
        {
            if (System.IO.File.Exists(full)) invalid.Add(new(field, $"'{path}' is a file; a dataset root is a folder of images", "NOT_A_FOLDER"));
            else preconditions.Add(new(field, $"dataset root '{path}' does not exist", "DATASET_ROOT_MISSING"));
            return null;
        }
        var real = RealPath(full);
        if (!IsAllowed(real))
        {
            invalid.Add(new(field, $"'{path}' resolves through a symlink to '{real}', outside Trainer:AllowedDatasetRoots", "PATH_OUTSIDE_ALLOWED_ROOTS"));
            return null;
        }
        return Scan(real, path, field, invalid, preconditions) ? real : null;
    }

    public string? File(string path, string field, List<Violation> invalid, List<Violation> preconditions)
    {
        if (!Lexical(path, field, invalid, out var full)) return null;
        if (!System.IO.File.Exists(full))
        {
            preconditions.Add(new(field, $"file '{path}' does not exist", "DATASET_FILE_MISSING"));
            return null;
        }
        var real = RealPath(full);
        if (!IsAllowed(real))
        {
            invalid.Add(new(field, $"'{path}' resolves through a symlink to '{real}', outside Trainer:AllowedDatasetRoots", "PATH_OUTSIDE_ALLOWED_ROOTS"));
            return null;
        }
        try
        {
            using var stream = System.IO.File.OpenRead(real);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            preconditions.Add(new(field, $"file '{path}' cannot be read by the Trainer", "DATASET_UNREADABLE"));
            return null;
        }
        return real;
    }

    private bool Lexical(string path, string field, List<Violation> invalid, out string full)
    {
        full = "";
        if (string.IsNullOrWhiteSpace(path))
        {
            invalid.Add(new(field, "a path is required", "REQUIRED"));
            return false;
        }
        if (!Path.IsPathFullyQualified(path))
        {
            invalid.Add(new(field, $"'{path}' must be an absolute path on the Trainer's file system", "PATH_NOT_ABSOLUTE"));
            return false;
        }
        if (path.Split('/', '\\').Contains(".."))
        {
            invalid.Add(new(field, $"'{path}' contains '..'; path traversal is not allowed", "PATH_OUTSIDE_ALLOWED_ROOTS"));
            return false;
        }
        full = Path.GetFullPath(path);
        if (IsAllowed(full)) return true;
        invalid.Add(new(field, _allowed.Count == 0
            ? $"'{path}' is outside Trainer:AllowedDatasetRoots, which is empty (only built-in datasets are allowed)"
            : $"'{path}' is outside Trainer:AllowedDatasetRoots", "PATH_OUTSIDE_ALLOWED_ROOTS"));
        return false;
    }

    private bool Scan(string real, string path, string field, List<Violation> invalid, List<Violation> preconditions)
    {
        var images = new List<string>();
        try
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = FileAttributes.Hidden };
            foreach (var entry in new DirectoryInfo(real).EnumerateFileSystemInfos("*", options))
            {
                if (entry.LinkTarget is not null && !IsAllowed(RealPath(entry.FullName)))
                {
                    invalid.Add(new(field, $"'{Path.GetRelativePath(real, entry.FullName)}' in '{path}' is a symlink out of Trainer:AllowedDatasetRoots",
                        "PATH_OUTSIDE_ALLOWED_ROOTS"));
                    return false;
                }
                if (entry is FileInfo && ImageDecoder.Extensions.Contains(entry.Extension)) images.Add(entry.FullName);
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            preconditions.Add(new(field, $"dataset root '{path}' (or a folder inside it) cannot be listed by the Trainer", "DATASET_UNREADABLE"));
            return false;
        }
        if (images.Count == 0)
        {
            preconditions.Add(new(field, $"dataset root '{path}' contains no jpg, png or webp images", "DATASET_ROOT_EMPTY"));
            return false;
        }
        images.Sort(StringComparer.Ordinal);
        string? firstError = null;
        foreach (var image in images.Take(ProbeImages))
        {
            if (ImageDecoder.TryDecode(image, out var error) is not null) return true;
            firstError ??= $"{Path.GetRelativePath(real, image)}: {error}";
        }
        preconditions.Add(new(field, $"none of the first {Math.Min(ProbeImages, images.Count)} images in '{path}' can be decoded ({firstError})",
            "DATASET_UNREADABLE"));
        return false;
    }

    private bool IsAllowed(string full) => _allowed.Any(root => IsUnder(full, root));

    private static bool IsUnder(string path, string root)
    {
        var r = root.TrimEnd(Path.DirectorySeparatorChar);
        return path == r || path.StartsWith(r + Path.DirectorySeparatorChar, StringComparison.Ordinal) || r.Length == 0;
    }

    /// <summary>The path with every symlink component resolved (realpath(3)); components that do not exist stay as written.</summary>
    internal static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var current = root;
        var parts = new Queue<string>(full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        var hops = 0;
        while (parts.Count > 0)
        {
            var next = Path.Combine(current, parts.Dequeue());
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is { } target && ++hops < 64)
            {
                var resolved = Path.GetFullPath(target, current);
                var rest = parts.ToArray();
                var resolvedRoot = Path.GetPathRoot(resolved)!;
                parts = new Queue<string>(resolved[resolvedRoot.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Concat(rest));
                current = resolvedRoot;
                continue;
            }
            current = next;
        }
        return current;
    }
}
