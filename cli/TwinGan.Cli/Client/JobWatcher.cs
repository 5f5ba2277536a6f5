using System.Globalization;
using Grpc.Core;
using Spectre.Console;
using TwinGan.Cli.Commands;
using TwinGan.Contracts.Trainer.V1;
using LogLevel = TwinGan.Contracts.Trainer.V1.LogLevel;

namespace TwinGan.Cli.Client;

/// <summary>
/// Follows a job through WatchJob until its <c>completed</c> event: a live progress bar on stderr (stage/resolution,
/// step, images/s, ETA, losses) with state changes, checkpoints, evaluations and log lines printed above it, or one
/// JSON event per line in JSON mode. A broken stream is reopened after the last sequence received.
/// </summary>
internal sealed class JobWatcher(ClientContext client, string? samplesDir)
{
    private const int MaxReconnects = 5;
    private readonly TrainingView _view = new();
    private long _lastSequence;

    /// <summary>Watches until the job ends; returns the completion (null if the stream ended without one).</summary>
    public async Task<CompletedEvent?> WatchAsync(string jobId, CancellationToken cancellationToken)
    {
        if (client.Json) return await FollowAsync(jobId, e => CliConsole.WriteJsonLine(e), cancellationToken);
        CompletedEvent? completed = null;
        await client.Console.Err.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new TrainingView.StatsColumn(_view), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"job {Markup.Escape(jobId)}", maxValue: 1);
                // No explicit refresh: the live display redraws on its own, and on a non-interactive stderr every
                // refresh would print another line.
                completed = await FollowAsync(jobId, e => Show(e, task), cancellationToken);
                if (completed?.FinalState == JobState.Succeeded) task.Value = task.MaxValue;
                task.StopTask();
            });
        return completed;
    }

    private async Task<CompletedEvent?> FollowAsync(string jobId, Action<JobEvent> onEvent, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var call = client.Trainer.WatchJob(new WatchJobRequest
                {
                    JobId = jobId,
                    AfterSequence = _lastSequence,
                    IncludeSamples = samplesDir is not null,
                    MinLogLevel = LogLevel.Info,
                }, cancellationToken: cancellationToken);
                await foreach (var e in call.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    _lastSequence = Math.Max(_lastSequence, e.Sequence);
                    onEvent(e);
                    if (e.Completed is not null) return e.Completed;
                }
                return null;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && attempt < MaxReconnects && !cancellationToken.IsCancellationRequested)
            {
                client.Console.Note($"[yellow]watch interrupted ({Markup.Escape(e.Status.Detail)}); reconnecting…[/]");
                await Task.Delay(TimeSpan.FromSeconds(1 << attempt), cancellationToken);
            }
        }
    }

    private void Show(JobEvent e, ProgressTask task)
    {
        var console = client.Console.Err;
        switch (e.EventCase)
        {
            case JobEvent.EventOneofCase.StateChange:
                _view.State = e.StateChange.ToState;
                var reason = e.StateChange.Reason.Length > 0 ? $" ({Markup.Escape(e.StateChange.Reason)})" : "";
                console.MarkupLine(e.StateChange.FromState == JobState.Unspecified
                    ? $"job [blue]{Markup.Escape(e.JobId)}[/] is {Enums.Name(e.StateChange.ToState)}{reason}"
                    : $"{Enums.Name(e.StateChange.FromState)} → [bold]{Enums.Name(e.StateChange.ToState)}[/]{reason}");
                break;
            case JobEvent.EventOneofCase.Progress:
                _view.Progress = e.Progress.Progress ?? new JobProgress();
                if (e.Progress.Losses.Count > 0) _view.Losses = e.Progress.Losses;
                if (_view.Progress.TotalImages > 0) task.MaxValue = _view.Progress.TotalImages;
                task.Value = Math.Min(_view.Progress.ImagesSeen, task.MaxValue);
                break;
            case JobEvent.EventOneofCase.Checkpoint:
                console.MarkupLine($"checkpoint [green]{Markup.Escape(e.Checkpoint.Id)}[/] at {e.Checkpoint.Progress?.ImagesSeen ?? 0:N0} images");
                break;
            case JobEvent.EventOneofCase.Evaluation:
                console.Write(ModelsCommand.MetricsTable($"evaluation at {e.Evaluation.ImagesSeen:N0} images", e.Evaluation.Metrics));
                break;
            case JobEvent.EventOneofCase.Sample when samplesDir is not null:
                Directory.CreateDirectory(samplesDir);
                var path = Path.Combine(samplesDir, $"sample-{e.Sample.ImagesSeen.ToString("D9", CultureInfo.InvariantCulture)}.png");
                File.WriteAllBytes(path, e.Sample.Image.Data.ToByteArray());
                console.MarkupLine($"sample grid [grey]{Markup.Escape(path)}[/]");
                break;
            case JobEvent.EventOneofCase.Log:
                var colour = e.Log.Level switch { LogLevel.Error => "red", LogLevel.Warning => "yellow", _ => "grey" };
                console.MarkupLine($"[{colour}]{Markup.Escape(e.Log.Message)}[/]");
                break;
            case JobEvent.EventOneofCase.Completed:
                _view.State = e.Completed.FinalState;
                break;
        }
        // A non-interactive stderr (CI logs) gets no live stats column: the line carries them instead.
        var interactive = client.Console.Err.Profile.Capabilities.Interactive;
        task.Description = Markup.Escape(interactive ? _view.Description() : $"{_view.Description()}  {_view.Stats()}");
    }
}
