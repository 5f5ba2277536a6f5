using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;
using TwinGan.Cli.Client;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Trainer.V1;
using TranslatorListModels = TwinGan.Contracts.Translator.V1.ListModelsRequest;

namespace TwinGan.Cli.Commands;

/// <summary><c>twingan models</c>: the model registry (Trainer ListModels/GetModel/SetCurrentModelVersion) and what is being served.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "List registered models and their versions (the registry kept by the Trainer).")
        {
            List("list", "List registered models and their versions."),
            Get(),
            SetCurrent(),
            Served(),
        };
        return command.WithClient(new ClientOptions(), ListAsync);
    }

    private static Command List(string name, string description) => new Command(name, description).WithClient(new ClientOptions(), ListAsync);

    private static async Task<int> ListAsync(ParseResult parse, ClientContext client, CancellationToken ct)
    {
        var models = new List<RegisteredModel>();
        var request = new ListModelsRequest { PageSize = 100 };
        do
        {
            var page = await client.Trainer.ListModelsAsync(request, deadline: client.Deadline(), cancellationToken: ct);
            models.AddRange(page.Models);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        if (client.Json)
        {
            client.Console.WriteJson(new JsonObject { ["models"] = new JsonArray([.. models.Select(m => CliConsole.ToNode(m))]) });
            return ExitCodes.Ok;
        }
        if (models.Count == 0)
        {
            client.Console.Out.MarkupLine("No models registered yet. Train one with [blue]twingan train[/] and publish it with [blue]twingan publish[/].");
            return ExitCodes.Ok;
        }
        var table = new Table().AddColumn("model").AddColumn("current").AddColumn("versions").AddColumn("domains").AddColumn("resolution").AddColumn("updated");
        foreach (var model in models)
        {
            var current = model.Versions.FirstOrDefault(v => v.Version == model.CurrentVersion) ?? model.Versions.FirstOrDefault();
            table.AddRow(Markup.Escape(model.Name), Markup.Escape(model.CurrentVersion),
                Markup.Escape(string.Join(", ", model.Versions.Select(v => v.Version))),
                Markup.Escape(string.Join(", ", current?.Manifest?.Domains ?? [])),
                current?.Manifest is { } m ? $"{m.Resolution} px" : "",
                Time(model.UpdateTime));
        }
        client.Console.Out.Write(table);
        return ExitCodes.Ok;
    }

    private static Command Get()
    {
        var name = new Argument<string>("name") { Description = "model name" };
        var version = new Option<string?>("--version") { Description = "one version, with its full manifest and metrics" };
        var command = new Command("get", "Show one model's versions, or one version in detail.") { name, version };
        return command.WithClient(new ClientOptions(), async (parse, client, ct) =>
        {
            var model = await client.Trainer.GetModelAsync(new GetModelRequest { Name = parse.GetValue(name)!, Version = parse.GetValue(version) ?? "" },
                deadline: client.Deadline(), cancellationToken: ct);
            if (client.Json) client.Console.WriteJson(model);
            else PrintModel(client.Console.Out, model);
            return ExitCodes.Ok;
        });
    }

    private static Command SetCurrent()
    {
        var name = new Argument<string>("name") { Description = "model name" };
        var version = new Argument<string>("version") { Description = "the version to make current (promote or roll back)" };
        var command = new Command("set-current", "Make an existing version the model's current version; serving pods hot-reload it.") { name, version };
        return command.WithClient(new ClientOptions(), async (parse, client, ct) =>
        {
            var model = await client.Trainer.SetCurrentModelVersionAsync(
                new SetCurrentModelVersionRequest { Name = parse.GetValue(name)!, Version = parse.GetValue(version)! },
                deadline: client.Deadline(), cancellationToken: ct);
            if (client.Json) client.Console.WriteJson(model);
            else client.Console.Out.MarkupLine($"[green]{Markup.Escape(model.Name)}[/] now serves [green]{Markup.Escape(model.CurrentVersion)}[/].");
            return ExitCodes.Ok;
        });
    }

    private static Command Served()
    {
        var command = new Command("served", "List the models the Translator is serving right now, with their loaded versions.");
        return command.WithClient(new ClientOptions(), async (parse, client, ct) =>
        {
            var served = await client.Translator.ListModelsAsync(new TranslatorListModels(), deadline: client.Deadline(), cancellationToken: ct);
            if (client.Json)
            {
                client.Console.WriteJson(served);
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumn("model").AddColumn("default").AddColumn("current").AddColumn("loaded").AddColumn("domains").AddColumn("resolution");
            foreach (var m in served.Models)
                table.AddRow(Markup.Escape(m.Name), m.IsDefault ? "yes" : "", Markup.Escape(m.CurrentVersion),
                    Markup.Escape(string.Join(", ", m.LoadedVersions.Select(v => $"{v.Version} ({Enums.Name(v.State)})"))),
                    Markup.Escape(string.Join(", ", m.Manifest?.Domains ?? [])), m.Manifest is null ? "" : $"{m.Manifest.Resolution} px");
            client.Console.Out.Write(table);
            return ExitCodes.Ok;
        });
    }

    private static void PrintModel(IAnsiConsole console, RegisteredModel model)
    {
        console.MarkupLine($"[bold]{Markup.Escape(model.Name)}[/], current version [green]{Markup.Escape(model.CurrentVersion)}[/]");
        var table = new Table().AddColumn("version").AddColumn("current").AddColumn("published").AddColumn("domains").AddColumn("resolution")
            .AddColumn("size").AddColumn("source").AddColumn("description");
        foreach (var v in model.Versions)
            table.AddRow(Markup.Escape(v.Version), v.IsCurrent ? "yes" : "", Time(v.PublishTime),
                Markup.Escape(string.Join(", ", v.Manifest?.Domains ?? [])), v.Manifest is null ? "" : $"{v.Manifest.Resolution} px",
                v.Manifest is null ? "" : Bytes(v.Manifest.SizeBytes),
                Markup.Escape(v.Manifest is null ? "" : $"{v.Manifest.SourceJobId} {v.Manifest.SourceCheckpointId}".Trim()),
                Markup.Escape(v.Description));
        console.Write(table);
        foreach (var v in model.Versions.Where(v => v.Manifest?.Metrics.Count > 0))
            console.Write(MetricsTable($"metrics of {v.Version}", v.Manifest.Metrics));
    }

    public static Table MetricsTable(string title, IDictionary<string, double> metrics)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(title)) }.AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        foreach (var (name, value) in metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            table.AddRow(Markup.Escape(name), value.ToString("G5", CultureInfo.InvariantCulture));
        return table;
    }

    public static string Time(Timestamp? time) =>
        time is null ? "" : time.ToDateTimeOffset().ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:F1} KiB",
        _ => $"{bytes / (1024.0 * 1024):F1} MiB",
    };
}

/// <summary>Short lower-case names of the contract's enums for tables.</summary>
internal static class Enums
{
    public static string Name(ModelLoadState state) => Strip(state.ToString());

    public static string Name(JobState state) => Strip(state.ToString());

    public static string Name(TrainingPhase phase) => phase switch
    {
        TrainingPhase.FadeIn => "fade-in",
        TrainingPhase.Stable => "stable",
        _ => "",
    };

    private static string Strip(string name) => name.ToLowerInvariant();
}
