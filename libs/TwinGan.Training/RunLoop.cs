using System.Diagnostics;
using TwinGan.Data.Augmentation;
using TwinGan.Data.Loading;
using TwinGan.Model;
using TwinGan.Model.Bundles;
using TwinGan.Model.Inference;
using TwinGan.Model.Training;
using static TorchSharp.torch;

namespace TwinGan.Training;

/// <summary>
/// One <see cref="TrainingRun.RunAsync"/> call (stylegan3's training_loop): pull a batch per domain, run one
/// <see cref="TrainingStep"/>, and at image intervals report stats, write samples and loss curves, evaluate and
/// checkpoint. Interval events fire when the image count crosses a multiple of the interval, so a resumed run fires
/// them at the same steps as an uninterrupted one.
/// </summary>
internal sealed partial class RunLoop(string directory, RunSpec spec, string? checkpointDirectory, ITrainingObserver observer, IRunEvaluator? evaluator)
{
    private readonly LossAverager averager = new();
    private readonly HashSet<string> reportedSkips = new(StringComparer.Ordinal);
    private long skippedImages;
    private long lastReportImages;
    private TimeSpan lastReportTime;
    private readonly Stopwatch clock = new();

    public async Task<RunResult> RunAsync(CancellationToken ct)
    {
        using var runLock = AcquireLock();
        CheckpointStore.RemoveLeftovers(directory);
        var owned = new List<IDisposable>();
        try
        {
            var domains = spec.Model.Domains;
            var sources = domains.Select(d => DomainSources.Build(spec.DataFor(d), spec)).ToArray();
            var attributes = sources.Select((s, i) => AttributeVectors.Create(spec.Model.Conditioning, s.Schema, domains[i])).ToArray();
            var (model, step, resume, latest) = Start();
            using (model)
            using (step)
            {
                skippedImages = resume.SkippedImages;
                lastReportImages = resume.State.ImagesSeen;
                JsonLines.Repair(Path.Combine(directory, RunFiles.Stats), resume.State.ImagesSeen);
                JsonLines.Repair(Path.Combine(directory, RunFiles.Evaluation), resume.State.ImagesSeen);
                LoadReportedSkips();
                var workers = spec.LoaderWorkers > 0 ? spec.LoaderWorkers : Math.Max(1, Environment.ProcessorCount / 2);
                var streams = sources.Select((s, i) => new DomainStream(s, DomainSources.Transform(spec.DataFor(domains[i]), spec.Model.Resolution, owned),
                    StreamSeed(i), workers, resume.Positions.GetValueOrDefault(domains[i]) ?? new DataPosition(0, 0, spec.BatchSizeAt(resume.State.Resolution)))).ToArray();
                try
                {
                    var samples = SampleGrid.Create(sources, spec.Model.Resolution);
                    var session = new Session(model, step, streams, attributes, samples, latest);
                    return await TrainAsync(session, ct).ConfigureAwait(false);
                }
                finally
                {
                    foreach (var stream in streams)
                        await stream.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            foreach (var item in owned)
                item.Dispose();
        }
    }

    private sealed record Session(TwinGanModel Model, TrainingStep Step, DomainStream[] Streams, AttributeVectors?[] Attributes, SampleGrid Samples, CheckpointInfo? Latest)
    {
        public CheckpointInfo? Latest { get; set; } = Latest;
    }

    private async Task<RunResult> TrainAsync(Session session, CancellationToken ct)
    {
        var target = spec.TargetImages;
        clock.Start();
        Log(TrainingLogLevel.Information, $"Training to {target} images from {session.Step.Progress.ImagesSeen} ({session.Step.Progress.Resolution} px, {session.Step.Progress.Phase}).");
        while (true)
        {
            var before = session.Step.Progress.ImagesSeen;
            if (before >= target)
                return Finish(session, RunOutcome.Completed);
            if (ct.IsCancellationRequested)
                return Finish(session, RunOutcome.Cancelled);
            if (spec.MaxDuration is { } limit && clock.Elapsed >= limit)
                return Finish(session, RunOutcome.TimeLimitReached);
            var batchSize = spec.BatchSizeAt(session.Step.Progress.Resolution);
            var fetched = new (ImageBatch Batch, DataPosition After)[session.Streams.Length];
            try
            {
                for (var d = 0; d < fetched.Length; d++)
                    fetched[d] = await session.Streams[d].NextAsync(batchSize, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return Finish(session, RunOutcome.Cancelled);
            }
            TrainOn(session, fetched);
            AfterStep(session, before, ct);
        }
    }

    /// <summary>One step on the fetched batches, truncated to the smaller one when bad images were skipped.</summary>
    private void TrainOn(Session session, (ImageBatch Batch, DataPosition After)[] fetched)
    {
        foreach (var (batch, _) in fetched)
            RecordSkips(session, batch);
        var count = fetched.Min(f => f.Batch.Images.Count);
        if (count >= 2)
        {
            using var guard = TorchGcGuard.Enter();
            using var scope = NewDisposeScope();
            var resolution = session.Step.Progress.Resolution;
            var batches = fetched.Select((f, d) => new DomainBatch(
                BatchTensors.Images(f.Batch.Images, count, resolution),
                session.Attributes[d]?.Labels(f.Batch.Labels, count))).ToArray();
            averager.Add(LossNames.Of(session.Step.Run(batches[0], batches[1])));
        }
        else
        {
            Log(TrainingLogLevel.Warning, $"Skipped a step: only {count} decodable image(s) in a batch.");
        }
        for (var d = 0; d < fetched.Length; d++)
            session.Streams[d].Commit(fetched[d].After);
    }

    private void AfterStep(Session session, long before, CancellationToken ct)
    {
        var now = session.Step.Progress.ImagesSeen;
        var done = now >= spec.TargetImages;
        bool Crossed(long interval) => interval > 0 && now / interval > before / interval;
        if (Crossed(spec.StatsIntervalImages) || Crossed(spec.CheckpointIntervalImages))
            Report(session);
        if (done)
            return;
        if (Crossed(spec.SampleIntervalImages))
            WriteSamples(session);
        if (Crossed(spec.EvaluationIntervalImages))
            Evaluate(session, ct);
        if (Crossed(spec.CheckpointIntervalImages))
            SaveCheckpoint(session, isFinal: false);
    }

    private RunResult Finish(Session session, RunOutcome outcome)
    {
        var state = session.Step.Progress;
        if (!averager.IsEmpty)
            Report(session);
        var isFinal = outcome == RunOutcome.Completed;
        if (session.Latest?.State.ImagesSeen != state.ImagesSeen || (isFinal && !session.Latest.IsFinal))
        {
            // A completed schedule and a spent time budget both leave the model its user will take: sample and score
            // it (not cut short). Only a completed schedule marks the checkpoint final; a budgeted run can resume.
            if (outcome is RunOutcome.Completed or RunOutcome.TimeLimitReached)
            {
                WriteSamples(session);
                Evaluate(session, CancellationToken.None);
            }
            SaveCheckpoint(session, isFinal);
        }
        Log(TrainingLogLevel.Information, $"Run {outcome} at {state.ImagesSeen} images, step {state.Steps}.");
        return new RunResult(outcome, state, session.Latest);
    }

    private void Report(Session session)
    {
        var state = session.Step.Progress;
        var elapsed = clock.Elapsed;
        var seconds = (elapsed - lastReportTime).TotalSeconds;
        var rate = seconds > 0 ? (state.ImagesSeen - lastReportImages) / seconds : 0;
        var target = spec.TargetImages;
        TimeSpan? eta = rate > 0 ? TimeSpan.FromSeconds(Math.Max(0, target - state.ImagesSeen) / rate) : null;
        var losses = averager.Take();
        StatsLog.Append(Path.Combine(directory, RunFiles.Stats),
            new StatsEntry(state.ImagesSeen, state.Steps, state.Resolution, state.Alpha, state.Phase, rate, skippedImages, DateTimeOffset.UtcNow, losses));
        (lastReportImages, lastReportTime) = (state.ImagesSeen, elapsed);
        observer.OnProgress(new TrainingProgress(state, target, rate, eta, losses, skippedImages));
    }

    private void WriteSamples(Session session)
    {
        var state = session.Step.Progress;
        var path = RunFiles.SamplePath(directory, state.ImagesSeen);
        using (TorchGcGuard.Enter())
            session.Samples.Write(session.Model.Ema, state.Stage, path);
        LossCurves.Write(StatsLog.Read(Path.Combine(directory, RunFiles.Stats)), Path.Combine(directory, RunFiles.LossCurves));
        observer.OnSample(path, state.ImagesSeen);
    }

    private void SaveCheckpoint(Session session, bool isFinal)
    {
        var state = session.Step.Progress;
        var positions = spec.Model.Domains.Select((d, i) => (d, session.Streams[i].Committed)).ToDictionary(p => p.d, p => p.Committed, StringComparer.Ordinal);
        var existing = Path.Combine(directory, RunFiles.Checkpoints, RunFiles.CheckpointId(state.ImagesSeen));
        if (Directory.Exists(existing))
        {
            // Resumed from an earlier checkpoint of this run: exact resume wrote these bytes before; keep them.
            session.Latest = CheckpointStore.List(directory).First(c => c.Directory == existing);
            return;
        }
        CheckpointInfo info;
        using (TorchGcGuard.Enter())
            info = CheckpointStore.Save(directory, spec.Name, session.Model, session.Step, new ResumeState(state, positions, skippedImages, DateTimeOffset.UtcNow, isFinal));
        session.Latest = info;
        CheckpointStore.Prune(directory, spec.KeepCheckpoints);
        observer.OnCheckpoint(info);
    }

    private void Evaluate(Session session, CancellationToken ct)
    {
        if (evaluator is null)
            return;
        var state = session.Step.Progress;
        var staging = Path.Combine(directory, RunFiles.Checkpoints, $".evaluation-{Guid.NewGuid():N}");
        using var guard = TorchGcGuard.Enter();
        try
        {
            ModelBundle.Save(staging, session.Model, new BundleInfo(spec.Name, RunFiles.CheckpointId(state.ImagesSeen), spec.Training));
            IReadOnlyDictionary<string, double> metrics;
            using (var inference = TwinGanInference.Load(staging))
                metrics = evaluator.Evaluate(inference, ct);
            JsonLines.AppendObject(Path.Combine(directory, RunFiles.Evaluation), state.ImagesSeen, DateTimeOffset.UtcNow, metrics);
            observer.OnEvaluation(metrics, state.ImagesSeen);
        }
        finally
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
        }
    }

    private (TwinGanModel, TrainingStep, ResumeState, CheckpointInfo?) Start()
    {
        using var guard = TorchGcGuard.Enter();
        if (checkpointDirectory is null)
        {
            var fresh = TwinGanModel.Create(spec.Model, spec.Seed);
            var step = new TrainingStep(fresh, spec.Training);
            var positions = new Dictionary<string, DataPosition>(StringComparer.Ordinal);
            return (fresh, step, new ResumeState(step.Progress, positions, 0, DateTimeOffset.UtcNow, false), null);
        }
        var resume = CheckpointStore.ReadResume(checkpointDirectory);
        var (_, model, loaded) = Checkpoint.Load(CheckpointStore.ModelDirectory(checkpointDirectory));
        var latest = CheckpointStore.List(directory).FirstOrDefault(c => c.Directory == checkpointDirectory);
        Log(TrainingLogLevel.Information, $"Resuming from checkpoint {Path.GetFileName(checkpointDirectory)} (step {loaded.Progress.Steps}).");
        return (model, loaded, resume, latest);
    }

    private void RecordSkips(Session session, ImageBatch batch)
    {
        if (batch.Skipped == 0)
            return;
        skippedImages += batch.Skipped;
        var source = session.Streams.First(s => s.Source.Domain == batch.Domain).Source;
        if (source is not FileImageSource files)
            return;
        foreach (var (key, reason) in files.Skipped)
        {
            if (!reportedSkips.Add(key))
                continue;
            File.AppendAllText(Path.Combine(directory, RunFiles.Skipped), $"{key}\t{reason.ReplaceLineEndings(" ")}\n");
            observer.OnSkippedImage(key, reason);
            Log(TrainingLogLevel.Warning, $"Skipped undecodable image '{key}': {reason}");
        }
    }

    private void LoadReportedSkips()
    {
        var path = Path.Combine(directory, RunFiles.Skipped);
        if (File.Exists(path))
            reportedSkips.UnionWith(File.ReadAllLines(path).Where(l => l.Contains('\t', StringComparison.Ordinal)).Select(l => l[..l.IndexOf('\t', StringComparison.Ordinal)]));
    }

    /// <summary>Each domain's loader gets its own seed, so equal-sized datasets are not shuffled in lockstep.</summary>
    private long StreamSeed(int domain) => unchecked((spec.Seed * 1_000_003L) + domain + 1);

    private FileStream AcquireLock()
    {
        var path = Path.Combine(directory, RunFiles.Lock);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"Run directory '{directory}' is being trained by another process ({RunFiles.Lock} is locked).", e);
        }
    }

    private void Log(TrainingLogLevel level, string message) => observer.OnLog(level, message);
}
