using Microsoft.Extensions.Options;

namespace TwinGan.Search.Options;

/// <summary>Refuses option values that cannot work, at start rather than at the first request.</summary>
internal sealed class SearchOptionsValidator : IValidateOptions<SearchOptions>, IValidateOptions<SearchLimits>
{
    public ValidateOptionsResult Validate(string? name, SearchOptions options)
    {
        var errors = new List<string>();
        if (options.M is < 2 or > 100) errors.Add("Search:M must be 2..100.");
        if (options.EfConstruction < options.M) errors.Add("Search:EfConstruction must be >= Search:M.");
        if (options.EfSearch < 1) errors.Add("Search:EfSearch must be >= 1.");
        if (options.MaxConsistencyWait < TimeSpan.Zero) errors.Add("Search:MaxConsistencyWait must not be negative.");
        if (options.SnapshotInterval <= TimeSpan.Zero) errors.Add("Search:SnapshotInterval must be positive.");
        if (options.FollowPollInterval <= TimeSpan.Zero) errors.Add("Search:FollowPollInterval must be positive.");
        if (options.ThumbnailSize is < 8 or > 1024) errors.Add("Search:ThumbnailSize must be 8..1024.");
        if (options.ReindexBatchSize is < 1 or > 256) errors.Add("Search:ReindexBatchSize must be 1..256.");
        if (options.ReindexEmbedderPatience <= TimeSpan.Zero) errors.Add("Search:ReindexEmbedderPatience must be positive.");
        if (options.StreamTrimMargin < TimeSpan.Zero) errors.Add("Search:StreamTrimMargin must not be negative.");
        if (options.StreamReplicaTtl <= TimeSpan.Zero) errors.Add("Search:StreamReplicaTtl must be positive.");
        if (options.EmbedderAddress.Length > 0
            && !(Uri.TryCreate(options.EmbedderAddress, UriKind.Absolute, out var embedder) && embedder.Scheme is "http" or "https" or SearchRegistration.DnsScheme))
            errors.Add($"Search:EmbedderAddress '{options.EmbedderAddress}' is not an http://, https:// or dns:/// address.");
        errors.AddRange(options.Domains.Where(d => !Gallery.Validation.IsDomain(d)).Select(d => $"Search:Domains entry '{d}' is not a domain name."));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public ValidateOptionsResult Validate(string? name, SearchLimits options)
    {
        int[] positive = [options.MaxImageBytes, options.MaxBatchSize, options.MaxUpsertInFlight, options.MaxK, options.MaxEf,
            options.MaxIdsPerRequest, options.MaxTagsPerItem, options.MaxTagLength, options.MaxMetadataEntries,
            options.MaxMetadataBytes, options.MaxThumbnailBytes, options.MaxPageSize];
        if (positive.Any(v => v < 1) || options.MaxImagePixels < 1)
            return ValidateOptionsResult.Fail("Every Limits:* value must be >= 1.");
        return options.MaxEf < options.MaxK
            ? ValidateOptionsResult.Fail("Limits:MaxEf must be >= Limits:MaxK.")
            : ValidateOptionsResult.Success;
    }
}
