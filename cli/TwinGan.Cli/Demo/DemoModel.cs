using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Spectre.Console;
using TwinGan.Cli.Client;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Trainer.V1;

namespace TwinGan.Cli.Demo;

/// <summary>The demo's model: the published version, and the job (with its run directory) it came from when known.</summary>
internal sealed record DemoModelInfo(string Name, string Version, Job? Job, string? RunDirectory, bool Reused);

/// <summary>Trains and publishes the demo model through the Trainer RPCs, or finds the one a previous run published.</summary>
internal static class DemoModel
{
    private static readonly TimeSpan ServeTimeout = TimeSpan.FromMinutes(3);

    public static async Task<DemoModelInfo?> FindPublishedAsync(ClientContext client, DemoSettings settings, CancellationToken ct)
    {
        RegisteredModel model;
        try
        {
            model = await client.Trainer.GetModelAsync(new GetModelRequest { Name = DemoSettings.ModelName }, deadline: client.Deadline(), cancellationToken: ct);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
        if (model.CurrentVersion.Length == 0) return null;
        var version = model.Versions.FirstOrDefault(v => v.Version == model.CurrentVersion);
        var jobId = version?.Manifest?.SourceJobId ?? "";
        var job = jobId.Length == 0 ? null : await TryGetJobAsync(client, jobId, ct);
        return new DemoModelInfo(model.Name, model.CurrentVersion, job, job is null ? null : Path.Combine(settings.RunRoot, job.Id), Reused: true);
    }

    public static async Task<DemoModelInfo> TrainAndPublishAsync(ClientContext client, DemoSettings settings, CancellationToken ct)
    {
        var job = await client.Trainer.StartJobAsync(new StartJobRequest
        {
            Config = Config(settings),
            DisplayName = "twingan demo",
            RequestId = Guid.NewGuid().ToString(),
            Labels = { ["source"] = "twingan-demo" },
        }, deadline: client.Deadline(), cancellationToken: ct);
        client.Console.Note($"    job [blue]{Markup.Escape(job.Id)}[/]: {settings.Resolution} px, up to {settings.Minutes:0.#} min of training on the built-in twin-faces data");
        var completed = await new JobWatcher(client, samplesDir: null).WatchAsync(job.Id, ct);
        if (completed?.FinalState != JobState.Succeeded)
        {
            var why = completed is null ? "the watch ended without a result"
                : $"it ended {Commands.Enums.Name(completed.FinalState)}" + (completed.FailureMessage.Length > 0 ? $": {completed.FailureMessage}" : "");
            throw new OperationFailedException($"training job {job.Id} did not succeed ({why}).",
                $"Its run directory is {Path.Combine(settings.RunRoot, job.Id)}; run the demo again to start a new job.");
        }
        var published = await client.Trainer.PublishModelAsync(new PublishModelRequest
        {
            JobId = job.Id,
            Description = "published by twingan demo",
            RequestId = Guid.NewGuid().ToString(),
        }, deadline: client.Deadline(), cancellationToken: ct);
        var finished = await client.Trainer.GetJobAsync(new GetJobRequest { JobId = job.Id }, deadline: client.Deadline(), cancellationToken: ct);
        return new DemoModelInfo(published.ModelName, published.Version, finished, Path.Combine(settings.RunRoot, job.Id), Reused: false);
    }

    /// <summary>Waits until Translator and Embedder have loaded the version (they hot-reload it from the registry).</summary>
    public static async Task WaitUntilServedAsync(ClientContext client, DemoModelInfo model, CancellationToken ct)
    {
        var until = DateTime.UtcNow + ServeTimeout;
        var pin = new ModelRef { Name = model.Name, Version = model.Version };
        while (true)
        {
            try
            {
                var translator = await client.Translator.GetModelInfoAsync(new Contracts.Translator.V1.GetModelInfoRequest { Model = pin }, deadline: client.Deadline(), cancellationToken: ct);
                var embedder = await client.Embedder.GetModelInfoAsync(new Contracts.Embedder.V1.GetModelInfoRequest { Model = pin }, deadline: client.Deadline(), cancellationToken: ct);
                if (Ready(translator.Model, model.Version) && Ready(embedder.Model, model.Version)) return;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.Unavailable && DateTime.UtcNow < until)
            {
                // Not loaded yet: the registry watch picks the new version up within a second or two.
            }
            if (DateTime.UtcNow >= until)
                throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, $"{model.Name} {model.Version} was not being served after {ServeTimeout.TotalMinutes:0} minutes."));
            await Task.Delay(500, ct);
        }
    }

    private static bool Ready(ServedModel served, string version) =>
        served.LoadedVersions.Any(v => v.Version == version && v.State == ModelLoadState.Ready);

    private static JobConfig Config(DemoSettings settings)
    {
        var config = new JobConfig
        {
            ModelName = DemoSettings.ModelName,
            Resolution = settings.Resolution,
            ChannelPlan = new ChannelPlan { MaxChannels = settings.MaxChannels, ChannelBase = settings.ChannelBase },
            Optimizer = new OptimizerConfig { EmaDecay = DemoSettings.EmaDecay },
            ImagesPerFadePhase = settings.ImagesPerPhase,
            ImagesPerStablePhase = settings.ImagesPerPhase,
            MaxDuration = Duration.FromTimeSpan(TimeSpan.FromMinutes(settings.Minutes)),
            Seed = settings.Seed,
            SampleIntervalImages = settings.ImagesPerPhase,
            CheckpointIntervalImages = settings.ImagesPerPhase * 2,
        };
        config.Domains.AddRange(Commands.TrainCommand.BuiltinDomains());
        return config;
    }

    private static async Task<Job?> TryGetJobAsync(ClientContext client, string jobId, CancellationToken ct)
    {
        try
        {
            return await client.Trainer.GetJobAsync(new GetJobRequest { JobId = jobId }, deadline: client.Deadline(), cancellationToken: ct);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }
}
