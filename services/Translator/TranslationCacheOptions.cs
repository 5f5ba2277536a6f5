using System.ComponentModel.DataAnnotations;

namespace TwinGan.Translator;

/// <summary>
/// The optional Redis translation cache, bound from <c>Translator:Cache</c>. Off by default. Entries expire after
/// <see cref="TtlSeconds"/>; results larger than <see cref="MaxEntryBytes"/> are not stored (docs/serving.md).
/// </summary>
public sealed class TranslationCacheOptions
{
    public const string Section = "Translator:Cache";

    public bool Enabled { get; set; }

    /// <summary>StackExchange.Redis configuration string; empty uses the process's shared connection (<c>Storage:Redis</c>).</summary>
    public string Configuration { get; set; } = "";

    /// <summary>Prefix of every cache key; empty means <c>Storage:Redis:KeyPrefix</c> followed by <c>translations:</c>.</summary>
    public string KeyPrefix { get; set; } = "";

    /// <summary>Lifetime of an entry; every entry has one, so a <c>volatile-*</c> eviction policy evicts only cache keys.</summary>
    [Range(1, 30 * 24 * 3600)]
    public int TtlSeconds { get; set; } = 3600;

    /// <summary>Largest stored response (encoded image plus a few fields); larger results are served but not cached.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxEntryBytes { get; set; } = 1024 * 1024;

    /// <summary>How long a lookup may take before the request computes without the cache.</summary>
    [Range(1, 10_000)]
    public int TimeoutMilliseconds { get; set; } = 250;
}
