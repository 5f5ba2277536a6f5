using System.Collections.Concurrent;
using System.Diagnostics;

namespace TwinGan.Services.Tests.Serving;

/// <summary>One response of a client loop: which client asked, when the call started and ended, the version it names and its output.</summary>
internal sealed record ServedResponse<T>(int Client, long StartedAt, long CompletedAt, string Version, T Output);

/// <summary>
/// A hot reload under load, shared by the Translator and Embedder tests: <c>clients</c> loops call a live host
/// while <see cref="PublishedModels.Registry"/> makes <c>newVersion</c> current. Every call is recorded; a failed
/// call fails the test. Publishes only once every client has been answered, and stops once every client has been
/// answered at least <see cref="AnswersAfterSwitch"/> times for calls started after the first response of the new
/// version arrived — counts, not sleeps, so a slow machine makes the test longer, not flaky.
/// </summary>
internal static class PublishUnderLoad
{
    public const int AnswersAfterSwitch = 3;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(120);

    /// <summary>Runs the load and the publish; returns every response in completion order.</summary>
    public static async Task<IReadOnlyList<ServedResponse<T>>> RunAsync<T>(
        PublishedModels models, string newVersion, int clients, Func<int, Task<(string Version, T Output)>> call)
    {
        var responses = new ConcurrentQueue<ServedResponse<T>>();
        var answered = new int[clients];
        var afterSwitch = new int[clients];
        long firstNew = long.MaxValue;
        using var stop = new CancellationTokenSource(Budget);

        async Task LoopAsync(int client)
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    var started = Stopwatch.GetTimestamp();
                    var (version, output) = await call(client);
                    var completed = Stopwatch.GetTimestamp();
                    responses.Enqueue(new ServedResponse<T>(client, started, completed, version, output));
                    Interlocked.Increment(ref answered[client]);
                    if (version == newVersion) Interlocked.CompareExchange(ref firstNew, completed, long.MaxValue);
                    if (started > Interlocked.Read(ref firstNew)) Interlocked.Increment(ref afterSwitch[client]);
                    if (AllAtLeast(afterSwitch, AnswersAfterSwitch)) await stop.CancelAsync();
                }
            }
            catch
            {
                // One failed call fails the test: stop the other clients instead of running out the budget.
                await stop.CancelAsync();
                throw;
            }
        }

        var load = Enumerable.Range(0, clients).Select(LoopAsync).ToList();
        while (!stop.IsCancellationRequested && !AllAtLeast(answered, 1))
            await Task.Delay(20);
        if (!stop.IsCancellationRequested) await models.Registry.SetCurrentVersionAsync(PublishedModels.Name, newVersion);
        await Task.WhenAll(load);

        Assert.True(AllAtLeast(afterSwitch, AnswersAfterSwitch),
            $"the load did not see {newVersion} on every client within {Budget}: answers per client {string.Join(", ", answered)}, " +
            $"after the switch {string.Join(", ", afterSwitch)}");
        return [.. responses];
    }

    private static bool AllAtLeast(int[] counts, int minimum)
    {
        for (var i = 0; i < counts.Length; i++)
            if (Volatile.Read(ref counts[i]) < minimum) return false;
        return true;
    }

    /// <summary>
    /// The versions the responses name: the old one before the publish, the new one after it, and only the new one
    /// for every call that started after a response of the new version had arrived (the switch is atomic).
    /// </summary>
    public static void AssertSwitched<T>(IReadOnlyList<ServedResponse<T>> responses, string oldVersion, string newVersion)
    {
        Assert.All(responses, r => Assert.Contains(r.Version, new[] { oldVersion, newVersion }));
        Assert.Contains(responses, r => r.Version == oldVersion);
        var firstNew = responses.Where(r => r.Version == newVersion).Min(r => r.CompletedAt);
        var late = responses.Where(r => r.StartedAt > firstNew).ToList();
        Assert.NotEmpty(late);
        Assert.All(late, r => Assert.Equal(newVersion, r.Version));
    }
}
