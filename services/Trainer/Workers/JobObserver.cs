using System.Diagnostics;
using System.Threading.Channels;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Trainer.V1;
using TwinGan.ServiceDefaults.Storage;
using TwinGan.Trainer.Jobs;
using TwinGan.Trainer.Options;
using TwinGan.Trainer.Storage;
using TwinGan.Training;
using LogLevel = TwinGan.Contracts.Trainer.V1.LogLevel;

namespace TwinGan.Trainer.Workers;

/// <summary>
/// Turns the run's callbacks (training thread, must return quickly) into job events: they are queued and a pump writes
/// them to the store in batches, with progress at most every Trainer:ProgressInterval. Each batch also updates the job
/// record (latest progress, losses, metrics, checkpoint), so GetJob and a watch snapshot are current.
/// </summary>
internal sealed class JobObserver : ITrainingObserver
{
    private const int SkippedImagesLogged = 20;
    private readonly Channel<JobEvent> _events = Channel.CreateUnbounded<JobEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IJobStore _store;
    private readonly TrainerOptions _options;
    private readonly string _jobId;
    private readonly string _workerId;
    private readonly long _totalImages;
    private readonly TimeSpan _elapsedBefore;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ILogger _logger;
    private readonly Task _pump;
    private readonly Dictionary<long, IReadOnlyDictionary<string, double>> _evaluations = [];
    private readonly Dictionary<long, Contracts.Trainer.V1.Checkpoint> _checkpoints = [];
    private ProgressEvent? _pendingProgress;
    private long _skipped;

    public JobObserver(IJobStore store, TrainerOptions options, Job job, string workerId, ILogger logger)
    {
        _store = store;
        _options = options;
        _jobId = job.Id;
        _workerId = workerId;
        _totalImages = job.Progress?.TotalImages ?? 0;
        _elapsedBefore = job.Progress?.Elapsed?.ToTimeSpan() ?? TimeSpan.Zero;
        _logger = logger;
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Set when the store says another replica owns the job: the run must stop without writing more.</summary>
    public bool Lost { get; private set; }

    /// <summary>Latest progress written or pending, for the final job record.</summary>
    public JobProgress? LastProgress { get; private set; }

    public TimeSpan Elapsed => _elapsedBefore + _clock.Elapsed;

    public void OnProgress(TrainingProgress progress)
    {
        var p = RunDirectories.Progress(progress.State, progress.TargetImages);
        p.ImagesPerSecond = progress.ImagesPerSecond;
        if (progress.Eta is { } eta) p.Eta = Duration.FromTimeSpan(eta);
        p.Elapsed = Duration.FromTimeSpan(Elapsed);
        p.SkippedImages = progress.SkippedImages;
        var e = new ProgressEvent { Progress = p };
        e.Losses.Add(progress.Losses.ToDictionary());
        LastProgress = p;
        _events.Writer.TryWrite(new JobEvent { Progress = e });
    }

    public void OnCheckpoint(CheckpointInfo checkpoint) =>
        _events.Writer.TryWrite(new JobEvent { Checkpoint = RunDirectories.ToProto(checkpoint, _totalImages) });

    public void OnSample(string pngPath, long imagesSeen)
    {
        byte[] png;
        try
        {
            png = File.ReadAllBytes(pngPath);
        }
        catch (IOException)
        {
            return;
        }
        if (png.Length > _options.MaxSampleGridBytes)
        {
            OnLog(TrainingLogLevel.Warning, $"sample grid at {imagesSeen} images is {png.Length} bytes, above Trainer:MaxSampleGridBytes; not sent");
            return;
        }
        _events.Writer.TryWrite(new JobEvent
        {
            Sample = new SampleGridEvent
            {
                Image = new Image { Data = ByteString.CopyFrom(png), MediaType = "image/png" },
                ImagesSeen = imagesSeen,
                Resolution = LastProgress?.Resolution ?? 0,
                LayoutDescription = "per domain three rows: inputs, reconstructions, translations into the other domain (EMA weights)",
            },
        });
    }

    public void OnEvaluation(IReadOnlyDictionary<string, double> metrics, long imagesSeen)
    {
        var e = new EvaluationEvent { ImagesSeen = imagesSeen };
        e.Metrics.Add(metrics.ToDictionary());
        _events.Writer.TryWrite(new JobEvent { Evaluation = e });
    }

    public void OnLog(TrainingLogLevel level, string message) =>
        _events.Writer.TryWrite(new JobEvent { Log = new LogEvent { Level = Level(level), Message = message } });

    public void OnSkippedImage(string key, string reason)
    {
        var n = Interlocked.Increment(ref _skipped);
        if (n <= SkippedImagesLogged)
            OnLog(TrainingLogLevel.Warning, $"skipped unreadable image {Path.GetFileName(key)}: {reason}{(n == SkippedImagesLogged ? " (further skipped images are only counted)" : "")}");
    }

    /// <summary>Writes everything still queued (including the latest progress) and stops the pump.</summary>
    public async Task CompleteAsync()
    {
        _events.Writer.TryComplete();
        await _pump;
    }

    private async Task PumpAsync()
    {
        TimeSpan? lastProgressWrite = null;
        var reader = _events.Reader;
        while (true)
        {
            bool? more;
            using (var wait = new CancellationTokenSource(_options.ProgressInterval + TimeSpan.FromMilliseconds(50)))
            {
                try
                {
                    more = await reader.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    more = null;
                }
            }
            var batch = new List<JobEvent>();
            while (reader.TryRead(out var e))
            {
                if (e.EventCase == JobEvent.EventOneofCase.Progress) _pendingProgress = e.Progress;
                else batch.Add(e);
            }
            var finished = more == false;
            var progressDue = _pendingProgress is not null && (finished || lastProgressWrite is null || _clock.Elapsed - lastProgressWrite >= _options.ProgressInterval || batch.Count > 0);
            if (progressDue)
            {
                batch.Insert(0, new JobEvent { Progress = _pendingProgress });
                _pendingProgress = null;
                lastProgressWrite = _clock.Elapsed;
            }
            if (batch.Count > 0 && !Lost) await WriteAsync(batch);
            if (finished) return;
        }
    }

    private async Task WriteAsync(List<JobEvent> batch)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await RecordCheckpointsAsync(batch);
                var result = await _store.UpdateAsync(_jobId, current => Apply(current, batch), CancellationToken.None);
                if (result is null || result.Job.WorkerId != _workerId) Lost = true;
                return;
            }
            catch (StoreUnavailableException e) when (attempt < 30)
            {
                TrainerLog.EventWriteFailed(_logger, _jobId, e);
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
            catch (Exception e) when (e is StoreUnavailableException or IOException or InvalidOperationException)
            {
                // Give up on this batch rather than on the job: the run goes on and later batches carry the state.
                TrainerLog.EventWriteFailed(_logger, _jobId, e);
                return;
            }
        }
    }

    /// <summary>Checkpoint records (metrics from an evaluation at the same images) for ListCheckpoints on any replica.</summary>
    private async Task RecordCheckpointsAsync(List<JobEvent> batch)
    {
        var touched = new HashSet<long>();
        foreach (var e in batch)
        {
            if (e.EventCase == JobEvent.EventOneofCase.Checkpoint)
            {
                _checkpoints[e.Checkpoint.Progress.ImagesSeen] = e.Checkpoint;
                touched.Add(e.Checkpoint.Progress.ImagesSeen);
            }
            if (e.EventCase == JobEvent.EventOneofCase.Evaluation)
            {
                _evaluations[e.Evaluation.ImagesSeen] = e.Evaluation.Metrics;
                touched.Add(e.Evaluation.ImagesSeen);
            }
        }
        foreach (var images in touched)
        {
            if (!_checkpoints.TryGetValue(images, out var checkpoint)) continue;
            if (_evaluations.TryGetValue(images, out var metrics))
            {
                checkpoint.Metrics.Clear();
                checkpoint.Metrics.Add(metrics.ToDictionary());
            }
            await _store.SaveCheckpointAsync(_jobId, checkpoint, CancellationToken.None);
        }
    }

    private JobUpdate? Apply(StoredJob current, List<JobEvent> batch)
    {
        if (current.Job.WorkerId != _workerId || !JobStoreRules.IsActive(current.Job.State)) return null;
        var job = current.Job.Clone();
        foreach (var e in batch)
        {
            switch (e.EventCase)
            {
                case JobEvent.EventOneofCase.Progress:
                    job.Progress = e.Progress.Progress;
                    job.Losses.Clear();
                    job.Losses.Add(e.Progress.Losses);
                    break;
                case JobEvent.EventOneofCase.Checkpoint:
                    job.LatestCheckpoint = _checkpoints.GetValueOrDefault(e.Checkpoint.Progress.ImagesSeen, e.Checkpoint);
                    break;
                case JobEvent.EventOneofCase.Evaluation:
                    job.Metrics.Clear();
                    job.Metrics.Add(e.Evaluation.Metrics);
                    if (job.LatestCheckpoint?.Progress?.ImagesSeen == e.Evaluation.ImagesSeen)
                    {
                        job.LatestCheckpoint.Metrics.Clear();
                        job.LatestCheckpoint.Metrics.Add(e.Evaluation.Metrics);
                    }
                    break;
            }
        }
        // Every write is also a sign of life: renew the lease with it.
        var lease = Math.Max(current.LeaseUntil, JobStoreRules.NowMs() + (long)_options.LeaseDuration.TotalMilliseconds);
        return new JobUpdate(job, batch, lease, ResumeCheckpoint: current.ResumeCheckpoint);
    }

    private static LogLevel Level(TrainingLogLevel level) => level switch
    {
        TrainingLogLevel.Debug => LogLevel.Debug,
        TrainingLogLevel.Information => LogLevel.Info,
        TrainingLogLevel.Warning => LogLevel.Warning,
        _ => LogLevel.Error,
    };
}
