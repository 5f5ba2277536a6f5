using StackExchange.Redis;

namespace TwinGan.ServiceDefaults.Storage;

/// <summary>
/// One store's use of the process's shared multiplexer: every command fails fast with
/// <see cref="StoreUnavailableException"/> while Redis is disconnected or when it does not answer within
/// <see cref="CommandTimeout"/>, and an optional pub/sub channel wakes the store's waiters (<see cref="Notified"/>).
/// </summary>
public sealed class RedisStoreAccess
{
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);

    private readonly string _what;
    private readonly RedisChannel? _notifications;
    private int _subscribed;

    /// <param name="redis">The process's multiplexer (<see cref="RedisConnection"/>).</param>
    /// <param name="what">What the store holds, for error messages, e.g. "the job storage".</param>
    /// <param name="notifications">A channel whose messages set <see cref="Notified"/> once subscribed.</param>
    public RedisStoreAccess(IConnectionMultiplexer redis, string what, RedisChannel? notifications = null)
    {
        Redis = redis;
        _what = what;
        _notifications = notifications;
        Description = $"redis at {string.Join(",", redis.GetEndPoints().Select(e => e.ToString()))}";
    }

    public IConnectionMultiplexer Redis { get; }

    /// <summary>Where the data lives, e.g. "redis at 127.0.0.1:6379".</summary>
    public string Description { get; }

    public bool IsConnected => Redis.IsConnected;

    /// <summary>Set on every message of the notification channel (after <see cref="EnsureSubscribedAsync"/>).</summary>
    public AsyncSignal Notified { get; } = new();

    /// <summary>An error naming the store and its location, for conditions found while reading it.</summary>
    public StoreUnavailableException Unavailable(string problem, Exception? inner = null) =>
        inner is null ? new($"{_what} ({Description}) {problem}") : new($"{_what} ({Description}) {problem}", inner);

    public async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> command, CancellationToken cancellationToken)
    {
        if (!Redis.IsConnected)
            throw Unavailable("is unreachable; retry with backoff");
        try
        {
            return await command(Redis.GetDatabase()).WaitAsync(CommandTimeout, cancellationToken);
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException or TimeoutException)
        {
            throw Unavailable("did not answer; retry with backoff", e);
        }
    }

    /// <summary>Subscribes to the notification channel once; a failed or skipped (disconnected) attempt is retried by
    /// the next call, so waiters fall back to their poll interval meanwhile.</summary>
    public async Task EnsureSubscribedAsync()
    {
        if (_notifications is not { } channel || Volatile.Read(ref _subscribed) == 1 || !Redis.IsConnected) return;
        if (Interlocked.Exchange(ref _subscribed, 1) == 1) return;
        try
        {
            await Redis.GetSubscriber().SubscribeAsync(channel, (_, _) => Notified.Set());
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Volatile.Write(ref _subscribed, 0);
        }
    }
}
