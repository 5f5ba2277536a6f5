using System.Runtime.CompilerServices;

namespace TwinGan.ServiceDefaults.Registry;

/// <summary>
/// The watch loop both providers share: wait for a wake-up (file event, pub/sub message) or the re-read period,
/// list the registry, and yield what differs from the last listing. The first listing is yielded whole, so a
/// watcher needs no separate read (and has no gap between reading and subscribing).
/// </summary>
internal static class RegistryWatch
{
    public static async IAsyncEnumerable<ModelVersionChange> RunAsync(
        Func<CancellationToken, Task<IReadOnlyDictionary<string, string>>> list,
        Func<TimeSpan, CancellationToken, Task> waitForWakeUp,
        TimeSpan period,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        var first = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!first)
            {
                try
                {
                    await waitForWakeUp(period, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
            }
            first = false;
            IReadOnlyDictionary<string, string> now;
            try
            {
                now = await list(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException && IsTransient(e))
            {
                // Storage briefly unreachable: keep the last known state and look again next period.
                continue;
            }
            foreach (var (name, version) in now)
            {
                if (known.TryGetValue(name, out var old) && old == version) continue;
                known[name] = version;
                yield return new ModelVersionChange(name, version);
            }
        }
    }

    private static bool IsTransient(Exception e) =>
        e is IOException or StackExchange.Redis.RedisException or TimeoutException;
}
