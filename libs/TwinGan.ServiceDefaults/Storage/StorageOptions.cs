namespace TwinGan.ServiceDefaults.Storage;

/// <summary>Which implementation backs the storage interfaces. Bound from <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary><see cref="StorageProvider.File"/> for the embedded default, <see cref="StorageProvider.Redis"/> for distributed.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.File;

    public FileStorageOptions File { get; set; } = new();

    public RedisStorageOptions Redis { get; set; } = new();
}

public enum StorageProvider
{
    File = 0,
    Redis = 1,
}

public sealed class FileStorageOptions
{
    /// <summary>Root folder of the file provider (registry, gallery log, jobs). Relative paths are under the working directory.</summary>
    public string Root { get; set; } = "data";
}

public sealed class RedisStorageOptions
{
    /// <summary>StackExchange.Redis configuration string, e.g. <c>redis:6379,password=...</c>.</summary>
    public string Configuration { get; set; } = "";

    /// <summary>Key prefix so several deployments can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "twingan:";
}
