using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using TwinGan.Cli.Client;
using TwinGan.Contracts.Trainer.V1;

namespace TwinGan.Cli.Commands;

/// <summary><c>twingan jobs</c>: training jobs (list, get, watch, cancel, resume, checkpoints).</summary>
internal static class JobsCommand
{
    public static Command Create()
    {
        var command = new Command("jobs", "List training jobs, newest first (subcommands: get, watch, cancel, resume, checkpoints).")
        {
            List(), Get(), Watch(), Cancel(), Resume(), Checkpoints(),
        };
        var (states, model, limit) = ListOptions();
        command.Options.Add(states);
        command.Options.Add(model);
        command.Options.Add(limit);
        return command.WithClient(new ClientOptions(), (parse, client, ct) => ListAsync(parse, client, states, model, limit, ct));
    }

    private static (Option<string[]> States, Option<string?> Model, Option<int> Limit) ListOptions() => (
        new Option<string[]>("--state") { Description = "only jobs in these states (queued, running, succeeded, failed, cancelled, …; repeatable)" },
        new Option<string?>("--model") { Description = "only jobs of this model name" },
        new Option<int>("--limit") { Description = "at most this many jobs", DefaultValueFactory = _ => 50 });

    private static Command List()
    {
        var (states, model, limit) = ListOptions();
        var command = new Command("list", "List training jobs, newest first.") { states, model, limit };
        return command.WithClient(new ClientOptions(), (parse, client, ct) => ListAsync(parse, client, states, model, limit, ct));
    }

    private static async Task<int> ListAsync(ParseResult parse, ClientContext client, Option<string[]> states, Option<string?> model,
        Option<int> limit, CancellationToken ct)
    {
        var max = parse.GetValue(limit);
        var request = new ListJobsRequest { ModelName = parse.GetValue(model) ?? "", PageSize = Math.Clamp(max, 1, 500) };
        request.States.AddRange((parse.GetValue(states) ?? []).Select(ParseState));
        var jobs = new List<Job>();
        do
        {
            var page = await client.Trainer.ListJobsAsync(request, deadline: client.Deadline(), cancellationToken: ct);
            jobs.AddRange(page.Jobs);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0 && jobs.Count < max);
        if (jobs.Count > max) jobs.RemoveRange(max, jobs.Count - max);
        if (client.Json)
        {
            client.Console.WriteJson(new JsonObject { ["jobs"] = new JsonArray([.. jobs.Select(j => CliConsole.ToNode(j))]) });
            return ExitCodes.Ok;
        }
        if (jobs.Count == 0)
        {
            client.Console.Out.MarkupLine("No jobs. Start one with [blue]twingan train[/].");
            return ExitCodes.Ok;
        }
        var table = new Table().AddColumn("job").AddColumn("name").AddColumn("model").AddColumn("state").AddColumn("progress").AddColumn("created");
        foreach (var job in jobs)
            table.AddRow(Markup.Escape(job.Id), Markup.Escape(job.DisplayName), Markup.Escape(job.Config?.ModelName ?? ""), StateMarkup(job.State),
                Markup.Escape(ProgressText(job.Progress)), ModelsCommand.Time(job.CreateTime));
        client.Console.Out.Write(table);
        return ExitCodes.Ok;
    }

    private static Command Get()
    {
        var id = new Argument<string>("job") { Description = "job id" };
        var command = new Command("get", "Show one job: state, progress, losses, metrics, latest checkpoint.") { id };
        return command.WithClient(new ClientOptions(), async (parse, client, ct) =>
        {
            var job = await client.Trainer.GetJobAsync(new GetJobRequest { JobId = parse.GetValue(id)! }, deadline: client.Deadline(), cancellationToken: ct);
            if (client.Json) client.Console.WriteJson(job);
            else PrintJob(client.Console.Out, job);
            return ExitCodes.Ok;
        });
    }

    private static Command Watch()
    {
        var id = new Argument<string>("job") { Description = "job id" };
        var samples = new Option<string?>("--samples") { Description = "save the sample grids the job emits into this folder" };
        var command = new Command("watch", "Follow a job with a live progress bar until it ends (exit 0 when it succeeded).") { id, samples };
        return command.WithClient(new ClientOptions(), (parse, client, ct) => WatchAsync(client, parse.GetValue(id)!, parse.GetValue(samples), ct));
    }

    /// <summary>Watches a job to its end, prints the outcome, and maps it to an exit code.</summary>
    public static async Task<int> WatchAsync(ClientContext client, string jobId, string? samplesDir, CancellationToken ct)
    {
        var completed = await new JobWatcher(client, samplesDir).WatchAsync(jobId, ct);
        if (client.Json) return Outcome(completed);
        var job = await client.Trainer.GetJobAsync(new GetJobRequest { JobId = jobId }, deadline: client.Deadline(), cancellationToken: ct);
        PrintJob(client.Console.Out, job);
        return Outcome(completed);
    }

    private static int Outcome(CompletedEvent? completed) =>
        completed?.FinalState == JobState.Succeeded ? ExitCodes.Ok : ExitCodes.PartialFailure;

    private static Command Cancel()
    {
        var id = new Argument<string>("job") { Description = "job id" };
        var reason = new Option<string?>("--reason") { Description = "recorded in the job's state change" };
        var command = new Command("cancel", "Cancel a job (a running job stops at the next step and writes a checkpoint).") { id, reason };
        return command.WithClient(new ClientOptions(), async (parse, client, ct) =>
        {
            var job = await client.Trainer.CancelJobAsync(new CancelJobRequest { JobId = parse.GetValue(id)!, Reason = parse.GetValue(reason) ?? "" },
                deadline: client.Deadline(), cancellationToken: ct);
            if (client.Json) client.Console.WriteJson(job);
            else client.Console.Out.MarkupLine($"job [blue]{Markup.Escape(job.Id)}[/] is {StateMarkup(job.State)}.");
            return ExitCodes.Ok;
        });
    }

    private static Command Resume()
    {
        var id = new Argument<string>("job") { Description = "job id" };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "checkpoint id (default: the latest)" };
        var watch = new Option<bool>("--watch") { Description = "follow the resumed job until it ends" };
        var command = new Command("resume", "Requeue a cancelled, failed or interrupted job from a checkpoint.") { id, checkpoint, watch };
        return command.WithClient(new ClientOptions(), async (parse, client, ct) =>
        {
            var job = await client.Trainer.ResumeJobAsync(new ResumeJobRequest { JobId = parse.GetValue(id)!, CheckpointId = parse.GetValue(checkpoint) ?? "" },
                deadline: client.Deadline(), cancellationToken: ct);
            if (parse.GetValue(watch)) return await WatchAsync(client, job.Id, null, ct);
            if (client.Json) client.Console.WriteJson(job);
            else client.Console.Out.MarkupLine($"job [blue]{Markup.Escape(job.Id)}[/] is {StateMarkup(job.State)}.");
            return ExitCodes.Ok;
        });
    }

    private static Command Checkpoints()
    {
        var id = new Argument<string>("job") { Description = "job id" };
        var command = new Command("checkpoints", "List a job's checkpoints, newest first.") { id };
        return command.WithClient(new ClientOptions(), async (parse, client, ct) =>
        {
            var request = new ListCheckpointsRequest { JobId = parse.GetValue(id)!, PageSize = 100 };
            var checkpoints = new List<Checkpoint>();
            do
            {
                var page = await client.Trainer.ListCheckpointsAsync(request, deadline: client.Deadline(), cancellationToken: ct);
                checkpoints.AddRange(page.Checkpoints);
                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0);
            if (client.Json)
            {
                client.Console.WriteJson(new JsonObject { ["checkpoints"] = new JsonArray([.. checkpoints.Select(c => CliConsole.ToNode(c))]) });
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumn("checkpoint").AddColumn("images").AddColumn("resolution").AddColumn("size").AddColumn("final").AddColumn("published");
            foreach (var c in checkpoints)
                table.AddRow(Markup.Escape(c.Id), (c.Progress?.ImagesSeen ?? 0).ToString("N0", CultureInfo.InvariantCulture),
                    $"{c.Progress?.Resolution ?? 0} px", ModelsCommand.Bytes(c.SizeBytes), c.IsFinal ? "yes" : "", Markup.Escape(string.Join(", ", c.PublishedVersions)));
            client.Console.Out.Write(table);
            return ExitCodes.Ok;
        });
    }

    public static void PrintJob(IAnsiConsole console, Job job)
    {
        var grid = new Grid().AddColumn().AddColumn();
        void Row(string name, string value) => grid.AddRow($"[grey]{name}[/]", value);
        Row("job", Markup.Escape(job.Id));
        if (job.DisplayName.Length > 0) Row("name", Markup.Escape(job.DisplayName));
        if (job.Config is not null) Row("model", Markup.Escape(job.Config.ModelName));
        Row("state", StateMarkup(job.State));
        Row("progress", Markup.Escape(ProgressText(job.Progress)));
        if (job.Progress?.Elapsed is { } elapsed) Row("elapsed", TrainingView.Duration(elapsed.ToTimeSpan()));
        if (job.LatestCheckpoint is not null) Row("checkpoint", Markup.Escape(job.LatestCheckpoint.Id));
        if (job.FailureMessage.Length > 0) Row("failure", $"[red]{Markup.Escape(job.FailureMessage)}[/]");
        Row("attempt", job.Attempt.ToString(CultureInfo.InvariantCulture));
        console.Write(grid);
        if (job.Losses.Count > 0) console.Write(ModelsCommand.MetricsTable("losses", job.Losses));
        if (job.Metrics.Count > 0) console.Write(ModelsCommand.MetricsTable("metrics", job.Metrics));
    }

    private static string ProgressText(JobProgress? p)
    {
        if (p is null || p.TotalImages == 0 && p.ImagesSeen == 0) return "";
        var percent = p.TotalImages > 0 ? $" ({100.0 * p.ImagesSeen / p.TotalImages:F0}%)" : "";
        return $"{p.ImagesSeen:N0}/{p.TotalImages:N0} images{percent}, {p.Resolution} px {Enums.Name(p.Phase)}";
    }

    public static string StateMarkup(JobState state)
    {
        var colour = state switch
        {
            JobState.Succeeded => "green",
            JobState.Failed or JobState.Interrupted => "red",
            JobState.Running => "blue",
            JobState.Cancelled or JobState.Cancelling => "yellow",
            _ => "grey",
        };
        return $"[{colour}]{Enums.Name(state)}[/]";
    }

    private static JobState ParseState(string name) =>
        Enum.TryParse<JobState>(name.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var state) && state != JobState.Unspecified
            ? state
            : throw new UsageException($"--state '{name}' is not a job state (queued, running, cancelling, cancelled, interrupted, succeeded, failed).");
}
