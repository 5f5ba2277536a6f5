namespace TwinGan.ServiceDefaults.Storage;

/// <summary>A storage provider cannot be reached; services answer UNAVAILABLE with <see cref="Exception.Message"/>.</summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException() : base("the storage is unavailable")
    {
    }

    public StoreUnavailableException(string message) : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
