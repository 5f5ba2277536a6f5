namespace TwinGan.Model.Bundles;

/// <summary>Why a bundle or checkpoint could not be loaded; subclasses say exactly what was wrong.</summary>
public abstract class BundleException : Exception
{
    protected BundleException(string directory, string message, Exception? inner = null)
        : base($"Model bundle '{directory}': {message}", inner) => Directory = directory;

    /// <summary>The bundle directory that was refused.</summary>
    public string Directory { get; }
}

/// <summary>The manifest declares a format version this code does not read.</summary>
public sealed class BundleFormatVersionException(string directory, int found, int expected)
    : BundleException(directory, $"format version {found} is not supported (this build reads version {expected}).")
{
    public int Found { get; } = found;
}

/// <summary>A file the bundle needs (manifest or weights) is absent.</summary>
public sealed class BundleMissingFileException(string directory, string file)
    : BundleException(directory, $"file '{file}' is missing.")
{
    public string File { get; } = file;
}

/// <summary>A weight file's SHA-256 differs from the manifest's: the file was altered or truncated.</summary>
public sealed class BundleHashMismatchException(string directory, string file, string expected, string actual)
    : BundleException(directory, $"SHA-256 of '{file}' is {actual}, the manifest records {expected}.")
{
    public string File { get; } = file;
}

/// <summary>The manifest is unreadable, contradicts itself, or does not describe the weights stored next to it.</summary>
public sealed class BundleManifestMismatchException(string directory, string detail, Exception? inner = null)
    : BundleException(directory, detail, inner);
