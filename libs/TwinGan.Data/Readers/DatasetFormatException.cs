namespace TwinGan.Data.Readers;

/// <summary>A malformed label file; the message names the file and the 1-based line.</summary>
public sealed class DatasetFormatException : FormatException
{
    public DatasetFormatException()
    {
    }

    public DatasetFormatException(string message)
        : base(message)
    {
    }

    public DatasetFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DatasetFormatException(string file, int line, string problem)
        : base($"{file} line {line}: {problem}")
    {
        File = file;
        Line = line;
    }

    public string? File { get; }

    public int Line { get; }
}
