using System.CommandLine;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;
using TwinGan.Cli.Client;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Trainer.V1;

namespace TwinGan.Cli.Commands;

/// <summary>
/// <c>twingan train</c>: starts a training job from options and/or a JSON config file (the JobConfig message in
/// protobuf JSON), then follows it with a live progress bar unless <c>--detach</c>.
/// </summary>
internal static class TrainCommand
{
    public const string DefaultModelName = "twin-faces";

    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "JSON file with a JobConfig (protobuf JSON names, e.g. {\"modelName\": \"faces\", \"resolution\": 64}); options override it" };
        var name = new Option<string?>("--name") { Description = $"model name the job publishes under (default: {DefaultModelName})" };
        var domains = new Option<string[]>("--domain")
        {
            Description = "NAME=FOLDER or NAME=builtin:twin-faces/photo, twice (default: the built-in twin-faces photo and anime)",
        };
        var resolution = new Option<int?>("--resolution") { Description = "final resolution in pixels, a power of two (default 32)" };
        var maxChannels = new Option<int?>("--max-channels") { Description = "channel cap of the networks (the original uses 256)" };
        var batch = new Option<int?>("--batch-size") { Description = "batch size at every resolution" };
        var perPhase = new Option<long?>("--images-per-phase") { Description = "images per fade-in and per stable phase of each resolution" };
        var maxImages = new Option<long?>("--max-images") { Description = "stop after this many images" };
        var minutes = new Option<double?>("--minutes") { Description = "stop after this many minutes of training (a checkpoint is written)" };
        var seed = new Option<long?>("--seed") { Description = "random seed" };
        var checkpointEvery = new Option<long?>("--checkpoint-every") { Description = "checkpoint interval in images" };
        var sampleEvery = new Option<long?>("--sample-every") { Description = "sample-grid interval in images" };
        var evalEvery = new Option<long?>("--eval-every") { Description = "evaluation interval in images (default: at the end only)" };
        var displayName = new Option<string?>("--display-name") { Description = "a human-readable job name" };
        var labels = new Option<string[]>("--label") { Description = "key=value label of the job (repeatable)" };
        var detach = new Option<bool>("--detach") { Description = "print the job id and return without watching" };
        var samples = new Option<string?>("--samples") { Description = "save the sample grids into this folder while watching" };
        var command = new Command("train", "Start a training job and follow it with a live progress bar.")
        {
            config, name, domains, resolution, maxChannels, batch, perPhase, maxImages, minutes, seed,
            checkpointEvery, sampleEvery, evalEvery, displayName, labels, detach, samples,
        };
        return command.WithClient(new ClientOptions(), async (parse, client, ct) =>
        {
            var job = LoadConfig(parse.GetValue(config));
            if (parse.GetValue(name) is { } n) job.ModelName = n;
            if (job.ModelName.Length == 0) job.ModelName = DefaultModelName;
            if (parse.GetValue(domains) is { Length: > 0 } d)
            {
                job.Domains.Clear();
                job.Domains.AddRange(d.Select(ParseDomain));
            }
            if (job.Domains.Count == 0) job.Domains.AddRange(BuiltinDomains());
            if (parse.GetValue(resolution) is { } r) job.Resolution = r;
            if (job.Resolution == 0) job.Resolution = 32;
            if (parse.GetValue(maxChannels) is { } c) job.ChannelPlan = new ChannelPlan { MaxChannels = c };
            if (parse.GetValue(batch) is { } b)
                for (var res = Math.Max(job.StartResolution, 4); res <= job.Resolution; res *= 2) job.BatchSizePerResolution[res] = b;
            if (parse.GetValue(perPhase) is { } p) (job.ImagesPerFadePhase, job.ImagesPerStablePhase) = (p, p);
            if (parse.GetValue(maxImages) is { } mi) job.MaxImages = mi;
            if (parse.GetValue(minutes) is { } m) job.MaxDuration = Duration.FromTimeSpan(TimeSpan.FromMinutes(m));
            if (parse.GetValue(seed) is { } s) job.Seed = s;
            if (parse.GetValue(checkpointEvery) is { } ce) job.CheckpointIntervalImages = ce;
            if (parse.GetValue(sampleEvery) is { } se) job.SampleIntervalImages = se;
            if (parse.GetValue(evalEvery) is { } ee) job.EvaluationIntervalImages = ee;
            var request = new StartJobRequest { Config = job, DisplayName = parse.GetValue(displayName) ?? "", RequestId = Guid.NewGuid().ToString() };
            foreach (var label in parse.GetValue(labels) ?? [])
            {
                var (key, value) = SplitPair(label, "--label");
                request.Labels[key] = value;
            }
            var started = await client.Trainer.StartJobAsync(request, deadline: client.Deadline(), cancellationToken: ct);
            if (parse.GetValue(detach))
            {
                if (client.Json) client.Console.WriteJson(started);
                else client.Console.Out.MarkupLine($"job [blue]{Markup.Escape(started.Id)}[/] is {JobsCommand.StateMarkup(started.State)}; follow it with [blue]twingan jobs watch {Markup.Escape(started.Id)}[/].");
                return ExitCodes.Ok;
            }
            client.Console.Note($"started job [blue]{Markup.Escape(started.Id)}[/] ({Markup.Escape(job.ModelName)}, {job.Resolution} px); Ctrl+C stops watching, not the job.");
            return await JobsCommand.WatchAsync(client, started.Id, parse.GetValue(samples), ct);
        });
    }

    /// <summary>The built-in procedural twin-faces dataset (no files needed).</summary>
    public static IEnumerable<DomainDataset> BuiltinDomains() =>
    [
        new DomainDataset { Domain = "photo", Builtin = "twin-faces/photo" },
        new DomainDataset { Domain = "anime", Builtin = "twin-faces/anime" },
    ];

    private static JobConfig LoadConfig(string? path)
    {
        if (path is null) return new JobConfig();
        if (!File.Exists(path)) throw new UsageException($"config file not found: {path}");
        try
        {
            return JsonParser.Default.Parse<JobConfig>(File.ReadAllText(path));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new UsageException($"{path} is not a valid JobConfig: {e.Message}", "Field names are the JobConfig fields in lowerCamelCase (docs/cli.md has an example).");
        }
    }

    private static DomainDataset ParseDomain(string spec)
    {
        var (name, source) = SplitPair(spec, "--domain");
        const string builtin = "builtin:";
        if (source.StartsWith(builtin, StringComparison.Ordinal)) return new DomainDataset { Domain = name, Builtin = source[builtin.Length..] };
        // A local folder is sent as an absolute path: the embedded server shares this file system.
        return new DomainDataset { Domain = name, Roots = { Directory.Exists(source) ? Path.GetFullPath(source) : source } };
    }

    private static (string Key, string Value) SplitPair(string pair, string option)
    {
        var eq = pair.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || eq == pair.Length - 1) throw new UsageException($"{option} '{pair}' is not NAME=VALUE.");
        return (pair[..eq], pair[(eq + 1)..]);
    }
}
