using Microsoft.Extensions.Options;

namespace TwinGan.ServiceDefaults.Storage;

/// <summary>Rejects a storage configuration that cannot work, at start rather than at the first request.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        return options.Provider switch
        {
            StorageProvider.File when string.IsNullOrWhiteSpace(options.File.Root) =>
                ValidateOptionsResult.Fail("Storage:File:Root must name a folder when Storage:Provider is File."),
            StorageProvider.Redis when string.IsNullOrWhiteSpace(options.Redis.Configuration) =>
                ValidateOptionsResult.Fail("Storage:Redis:Configuration must be set (e.g. 'localhost:6379') when Storage:Provider is Redis."),
            StorageProvider.File or StorageProvider.Redis => ValidateOptionsResult.Success,
            _ => ValidateOptionsResult.Fail($"Storage:Provider '{options.Provider}' is not one of File, Redis."),
        };
    }
}
