namespace TwinGan.Hnsw;

/// <summary>Why an index file was rejected.</summary>
public enum IndexFileError
{
    /// <summary>The file does not start with the TwinGan HNSW magic number.</summary>
    NotAnIndexFile = 1,

    /// <summary>Written by a newer (or unknown) format version.</summary>
    UnsupportedVersion = 2,

    /// <summary>The file ends before the data its header announces.</summary>
    Truncated = 3,

    /// <summary>A checksum does not match: the bytes were altered after saving.</summary>
    ChecksumMismatch = 4,

    /// <summary>Checksums pass but the content is inconsistent (bad parameter, link out of range, trailing bytes).</summary>
    Corrupt = 5,

    /// <summary>A valid index, but not the one asked for (dimension, metric, model version or key type differ).</summary>
    Mismatch = 6,
}

/// <summary>An index file could not be loaded; <see cref="Error"/> says why. No partially loaded index is ever returned.</summary>
public sealed class IndexFileException : IOException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public IndexFileException()
        : this(IndexFileError.Corrupt, "The index file is corrupt.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public IndexFileException(string message)
        : this(IndexFileError.Corrupt, message)
    {
    }

    /// <summary>Creates an exception with a message and inner exception.</summary>
    public IndexFileException(string message, Exception innerException)
        : base(message, innerException) => Error = IndexFileError.Corrupt;

    /// <summary>Creates an exception for a specific failure.</summary>
    public IndexFileException(IndexFileError error, string message, Exception? innerException = null)
        : base(message, innerException) => Error = error;

    /// <summary>What was wrong with the file.</summary>
    public IndexFileError Error { get; }
}
