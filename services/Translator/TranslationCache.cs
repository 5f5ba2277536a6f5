using System.Diagnostics.Metrics;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TwinGan.Contracts.Translator.V1;
using TwinGan.ServiceDefaults.Storage;
using TwinGan.Serving;

namespace TwinGan.Translator;

/// <summary>
/// Translated responses in Redis under <c>{prefix}{key}</c>, the key a hash of model version, input and parameters
/// (<see cref="TranslationCacheKey"/>). Bounded by a TTL on every entry and a per-entry size cap; the total is left
/// to Redis (<c>maxmemory</c> with a <c>volatile-*</c> policy evicts only keys with a TTL, i.e. cache entries).
/// Fails open: when Redis is unreachable or slow the request computes as if there were no cache, the outage is
/// logged once (and its end), and every outcome is counted in <c>twingan.translator.cache</c>.
/// </summary>
internal sealed class TranslationCache : IDisposable
{
    private static readonly Meter Meter = new("TwinGan.Translator");
    private static readonly Counter<long> Outcomes =
        Meter.CreateCounter<long>("twingan.translator.cache", "{request}", "translation cache lookups (hit, miss, error) and stores (stored, too_large) by outcome");

    private readonly TranslationCacheOptions _options;
    private readonly Task<IDatabase>? _database;
    private readonly ILogger<TranslationCache> _logger;
    private readonly string _prefix;
    private IConnectionMultiplexer? _owned;
    private int _failing;

    public TranslationCache(
        IOptions<TranslationCacheOptions> options, IOptions<StorageOptions> storage, IServiceProvider services, ILogger<TranslationCache> logger)
    {
        _options = options.Value;
        _logger = logger;
        _prefix = _options.KeyPrefix.Length > 0 ? _options.KeyPrefix : storage.Value.Redis.KeyPrefix + "translations:";
        if (!_options.Enabled) return;
        // Connecting may take seconds while Redis is down; requests meanwhile run uncached.
        _database = Task.Run(() => Connect(services).GetDatabase());
    }

    public bool Enabled => _database is not null;

    /// <summary>The cached response for <paramref name="key"/> when it was made by this model version; null otherwise.</summary>
    public async Task<TranslateResponse?> GetAsync(string key, ServableModelInfo info, CancellationToken cancellationToken)
    {
        if (Database() is not { } db) return null;
        try
        {
            var value = await db.StringGetAsync(_prefix + key).WaitAsync(TimeSpan.FromMilliseconds(_options.TimeoutMilliseconds), cancellationToken);
            Reachable();
            var cached = value.IsNull ? null : TranslateResponse.Parser.ParseFrom((byte[])value!);
            // The key already names the version; checking the stored one too means a cache never crosses versions.
            var hit = cached is not null && cached.ModelName == info.Name && cached.ModelVersion == info.Version;
            Count(hit ? "hit" : "miss");
            return hit ? cached : null;
        }
        catch (Exception e) when (e is RedisException or TimeoutException or InvalidProtocolBufferException)
        {
            Unreachable(e);
            return null;
        }
    }

    /// <summary>Stores <paramref name="response"/> (timings and cache flag dropped) without waiting for Redis.</summary>
    public void Store(string key, TranslateResponse response)
    {
        if (Database() is not { } db) return;
        var entry = response.Clone();
        entry.Timings = null;
        entry.CacheHit = false;
        if (entry.CalculateSize() > _options.MaxEntryBytes)
        {
            Count("too_large");
            return;
        }
        try
        {
            db.StringSet(_prefix + key, entry.ToByteArray(), TimeSpan.FromSeconds(_options.TtlSeconds), flags: CommandFlags.FireAndForget);
            Count("stored");
        }
        catch (RedisException e)
        {
            Unreachable(e);
        }
    }

    public void Dispose() => _owned?.Dispose();

    private IConnectionMultiplexer Connect(IServiceProvider services)
    {
        if (_options.Configuration.Length == 0) return services.GetRequiredService<IConnectionMultiplexer>();
        _owned = RedisConnection.Create(new RedisStorageOptions { Configuration = _options.Configuration });
        return _owned;
    }

    private IDatabase? Database()
    {
        if (_database is null) return null;
        if (_database.IsCompletedSuccessfully) return _database.Result;
        if (_database.IsFaulted) Unreachable(_database.Exception.GetBaseException());
        else Count("error");
        return null;
    }

    private void Unreachable(Exception e)
    {
        Count("error");
        if (Interlocked.Exchange(ref _failing, 1) == 0) TranslatorLog.CacheUnreachable(_logger, e.GetType().Name, e.Message);
    }

    private void Reachable()
    {
        if (Interlocked.Exchange(ref _failing, 0) == 1) TranslatorLog.CacheReachable(_logger);
    }

    private static void Count(string outcome) => Outcomes.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
