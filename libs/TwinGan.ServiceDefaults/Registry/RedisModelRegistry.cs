using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace TwinGan.ServiceDefaults.Registry;

/// <summary>
/// Redis provider: hash <c>{prefix}models:current</c> (model → version) and a pub/sub notification on
/// <c>{prefix}models:changes</c>. Watchers also re-read every few seconds, so a notification lost during a
/// reconnect is caught up.
/// </summary>
public sealed class RedisModelRegistry(IConnectionMultiplexer redis, string keyPrefix) : IModelRegistry
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(5);
    private readonly RedisKey _hash = keyPrefix + "models:current";
    private readonly RedisChannel _channel = RedisChannel.Literal(keyPrefix + "models:changes");

    public async Task<string?> GetCurrentVersionAsync(string modelName, CancellationToken cancellationToken = default)
    {
        ModelNames.ThrowIfInvalid(modelName);
        var value = await redis.GetDatabase().HashGetAsync(_hash, modelName).WaitAsync(cancellationToken);
        return value.IsNull ? null : value.ToString();
    }

    public async Task SetCurrentVersionAsync(string modelName, string version, CancellationToken cancellationToken = default)
    {
        ModelNames.ThrowIfInvalid(modelName, version);
        var db = redis.GetDatabase();
        await db.HashSetAsync(_hash, modelName, version).WaitAsync(cancellationToken);
        await db.PublishAsync(_channel, modelName).WaitAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, string>> ListAsync(CancellationToken cancellationToken = default)
    {
        var entries = await redis.GetDatabase().HashGetAllAsync(_hash).WaitAsync(cancellationToken);
        return entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
    }

    public async IAsyncEnumerable<ModelVersionChange> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var wake = new SemaphoreSlim(0);
        var subscriber = redis.GetSubscriber();
        void Handler(RedisChannel channel, RedisValue message) => wake.Release();
        await subscriber.SubscribeAsync(_channel, Handler);
        try
        {
            await foreach (var change in RegistryWatch.RunAsync(ListAsync, (period, ct) => wake.WaitAsync(period, ct), Period, cancellationToken))
                yield return change;
        }
        finally
        {
            await subscriber.UnsubscribeAsync(_channel, Handler);
        }
    }
}
