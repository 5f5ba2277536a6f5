using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using TwinGan.Cli.Client;
using TwinGan.Cli.Demo;
using TwinGan.Data.TwinFaces;

namespace TwinGan.Cli.Commands;

/// <summary>
/// <c>twingan demo</c>: the whole product on one machine. Generates the twin-faces data, hosts the four services in
/// this process, trains and publishes a small model through the Trainer RPCs (or reuses the one published before),
/// translates both ways, indexes an anime gallery, finds twins for held-out photos and writes an HTML report.
/// </summary>
internal static class DemoCommand
{
    private const int StepCount = 7;

    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "output folder (report, images, the demo's data)", DefaultValueFactory = _ => Path.Combine("out", "demo") };
        var minutes = new Option<double?>("--minutes") { Description = "training time budget in minutes (default 10; 2 with --quick)" };
        var quick = new Option<bool>("--quick") { Description = "a short run: 16 px, a smaller network, about 2 minutes of training" };
        var retrain = new Option<bool>("--retrain") { Description = "start from scratch: forget the published model, gallery and jobs of earlier runs" };
        var resolution = new Option<int?>("--resolution") { Description = "final resolution in pixels (default 32; 16 with --quick)" };
        var seed = new Option<long>("--seed") { Description = "seed of the dataset and the training run", DefaultValueFactory = _ => 1 };
        var command = new Command("demo", "Train, publish, translate, index and search on the built-in dataset, and write out/demo/report.html.")
        {
            output, minutes, quick, retrain, resolution, seed,
        };
        command.SetAction(async (parse, ct) =>
        {
            var isQuick = parse.GetValue(quick);
            var settings = new DemoSettings(Path.GetFullPath(parse.GetValue(output)!), parse.GetValue(minutes) ?? (isQuick ? 2 : 10),
                parse.GetValue(resolution) ?? (isQuick ? 16 : 32), isQuick, parse.GetValue(retrain), parse.GetValue(seed));
            var console = new CliConsole(json: false);
            try
            {
                return await RunAsync(settings, console, ct);
            }
            catch (Exception e) when (CommandRunner.Describe(e, "the demo's embedded server", ct) is { } error)
            {
                if (error.ExitCode != ExitCodes.Interrupted) console.Report(error);
                return error.ExitCode;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(DemoSettings s, CliConsole console, CancellationToken ct)
    {
        if (s.Minutes <= 0) throw new UsageException("--minutes must be positive.");
        TwinFacesRenderer.ValidateSize(s.Resolution);
        var clock = Stopwatch.StartNew();
        var steps = new DemoSteps(console.Err, StepCount);
        console.Err.MarkupLine($"[bold]TwinGan demo[/] → {Markup.Escape(s.OutDir)}");
        if (s.Retrain && Directory.Exists(s.DataDir)) Directory.Delete(s.DataDir, recursive: true);

        await steps.RunAsync("Generate the twin-faces dataset", () => Task.Run(() =>
        {
            var export = TwinFacesExporter.Write(s.DatasetDir, s.Resolution, new TwinFacesCounts(DemoSettings.Shown * 2, DemoSettings.TestPairs), s.Seed, ct);
            steps.Note($"{export.Images} images at {s.Resolution} px in {Markup.Escape(s.DatasetDir)} (training itself streams the same generator, seed {s.Seed})");
        }, ct));
        await using var server = await steps.RunAsync("Start the services in this process", async () =>
        {
            var started = await EmbeddedServer.StartAsync(s, ct);
            steps.Note($"Translator, Embedder, Search and Trainer on {started.Address} (File storage in {Markup.Escape(s.DataDir)})");
            return started;
        });
        using var client = ClientContext.Connect(server.Address, null, json: false, TimeSpan.FromMinutes(5));
        var model = await steps.RunAsync("Train and publish the model", async () =>
        {
            var found = await DemoModel.FindPublishedAsync(client, s, ct);
            if (found is not null)
            {
                steps.Note($"reusing {found.Name} [green]{found.Version}[/] published by an earlier run (--retrain trains a new one)");
                return found;
            }
            var trained = await DemoModel.TrainAndPublishAsync(client, s, ct);
            steps.Note($"published {trained.Name} [green]{trained.Version}[/]");
            return trained;
        });
        await steps.RunAsync("Load the model into Translator and Embedder", () => DemoModel.WaitUntilServedAsync(client, model, ct));
        var translations = await steps.RunAsync("Translate held-out faces both ways", async () =>
            new[]
            {
                await DemoShowcase.TranslateAsync(client, s, model, "photo", "anime", ct),
                await DemoShowcase.TranslateAsync(client, s, model, "anime", "photo", ct),
            });
        var gallery = await steps.RunAsync("Index the anime gallery", () => DemoShowcase.IndexGalleryAsync(client, s, ct));
        var twins = await steps.RunAsync("Find anime twins of held-out photos", async () =>
        {
            var results = await DemoShowcase.FindTwinsAsync(client, s, gallery.ChangeOffset, k: 5, ct);
            steps.Note($"true twin ranked first for {results.RecallAt(1):P1} of {results.Queries.Count} photos, in the top 5 for {results.RecallAt(5):P1}");
            return results;
        });
        var report = DemoReport.Write(new DemoOutcome(s, model, translations, gallery, twins, steps.Done));
        console.Err.WriteLine();
        console.Err.MarkupLine($"[green]Done[/] in {TrainingView.Duration(clock.Elapsed)}. Report: [link]{Markup.Escape(report)}[/]");
        return ExitCodes.Ok;
    }
}
