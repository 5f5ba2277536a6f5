using System.ComponentModel.DataAnnotations;

namespace TwinGan.ServiceDefaults.Hosting;

/// <summary>Per-request limits of the v1 contract (docs/protos.md, "Limits"). Bound from <c>Limits</c>.</summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    [Range(1, int.MaxValue)]
    public long MaxImageBytes { get; set; } = 10L * 1024 * 1024;

    [Range(1, long.MaxValue)]
    public long MaxImagePixels { get; set; } = 16L * 1024 * 1024;

    [Range(1, 64 * 1024 * 1024)]
    public int MaxChunkBytes { get; set; } = 1024 * 1024;

    [Range(1, 16384)]
    public int MaxOutputSide { get; set; } = 2048;

    [Range(1, 4096)]
    public int MaxBatchSize { get; set; } = 64;

    [Range(1, 1024)]
    public int MaxStreamFramesInFlight { get; set; } = 8;

    [Range(1, 100_000)]
    public int MaxUpsertInFlight { get; set; } = 256;

    [Range(1, 10_000)]
    public int MaxK { get; set; } = 100;

    [Range(1, 100_000)]
    public int MaxEf { get; set; } = 1000;

    [Range(1, 100_000)]
    public int MaxIdsPerRequest { get; set; } = 1000;

    [Range(1, 1000)]
    public int MaxPageSize { get; set; } = 500;
}
