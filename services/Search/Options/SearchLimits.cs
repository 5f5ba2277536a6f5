namespace TwinGan.Search.Options;

/// <summary>Request limits of docs/protos.md that apply to Search. Bound from <c>Limits</c>.</summary>
public sealed class SearchLimits
{
    public const string Section = "Limits";

    public int MaxImageBytes { get; set; } = 10 * 1024 * 1024;
    public long MaxImagePixels { get; set; } = 16_777_216;
    public int MaxBatchSize { get; set; } = 64;
    public int MaxUpsertInFlight { get; set; } = 256;
    public int MaxK { get; set; } = 100;
    public int MaxEf { get; set; } = 1000;
    public int MaxIdsPerRequest { get; set; } = 1000;
    public int MaxTagsPerItem { get; set; } = 32;
    public int MaxTagLength { get; set; } = 64;
    public int MaxMetadataEntries { get; set; } = 64;
    public int MaxMetadataBytes { get; set; } = 16 * 1024;
    public int MaxThumbnailBytes { get; set; } = 256 * 1024;
    public int MaxPageSize { get; set; } = 500;
}
