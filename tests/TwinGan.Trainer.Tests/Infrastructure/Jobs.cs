using Google.Rpc;
using Grpc.Core;
using TwinGan.Contracts.Trainer.V1;

namespace TwinGan.Trainer.Tests.Infrastructure;

/// <summary>Watching jobs and checking refusals.</summary>
internal static class Jobs
{
    public static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(150);

    /// <summary>Every event of a watch until the stream ends (it must end with the completed event).</summary>
    public static async Task<List<JobEvent>> WatchToEndAsync(TrainerService.TrainerServiceClient client, string jobId, long afterSequence = 0,
        bool samples = false, LogLevel logs = LogLevel.Unspecified)
    {
        using var call = client.WatchJob(new WatchJobRequest { JobId = jobId, AfterSequence = afterSequence, IncludeSamples = samples, MinLogLevel = logs },
            deadline: DateTime.UtcNow + JobTimeout);
        var events = new List<JobEvent>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None)) events.Add(call.ResponseStream.Current);
        Assert.Equal(JobEvent.EventOneofCase.Completed, events[^1].EventCase);
        return events;
    }

    /// <summary>Watches until <paramref name="until"/> matches an event (true) or the stream ends (false).</summary>
    public static async Task<JobEvent?> WatchUntilAsync(TrainerService.TrainerServiceClient client, string jobId, Func<JobEvent, bool> until)
    {
        using var call = client.WatchJob(new WatchJobRequest { JobId = jobId }, deadline: DateTime.UtcNow + JobTimeout);
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            if (until(call.ResponseStream.Current)) return call.ResponseStream.Current;
        }
        return null;
    }

    public static async Task<Job> WaitForStateAsync(TrainerService.TrainerServiceClient client, string jobId, params JobState[] states)
    {
        var until = DateTime.UtcNow + JobTimeout;
        while (true)
        {
            var job = await client.GetJobAsync(new GetJobRequest { JobId = jobId });
            if (states.Contains(job.State)) return job;
            Assert.True(DateTime.UtcNow < until, $"job {jobId} stayed {job.State}, expected {string.Join(" or ", states)}");
            await Task.Delay(100);
        }
    }

    /// <summary>The call fails with <paramref name="code"/> and a field violation on <paramref name="field"/> with <paramref name="reason"/>.</summary>
    public static async Task<RpcException> AssertRejectedAsync(Func<Task> call, StatusCode code, string field, string reason)
    {
        var e = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, e.StatusCode);
        var violations = e.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations ?? [];
        Assert.True(violations.Any(v => v.Field == field && v.Reason == reason),
            $"expected {field} / {reason}; got {string.Join("; ", violations.Select(v => $"{v.Field} / {v.Reason}: {v.Description}"))} ({e.Status.Detail})");
        return e;
    }
}
