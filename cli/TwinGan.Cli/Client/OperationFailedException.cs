namespace TwinGan.Cli.Client;

/// <summary>Every call succeeded but the work did not: a training job that ended other than SUCCEEDED, a refused item.</summary>
internal sealed class OperationFailedException(string message, string? hint = null) : Exception(message)
{
    public string? Hint { get; } = hint;
}
