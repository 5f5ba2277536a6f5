using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using TwinGan.Cli.Client;
using TwinGan.Data.TwinFaces;

namespace TwinGan.Cli.Commands;

/// <summary>
/// <c>twingan dataset</c>: writes the built-in twin-faces dataset to disk as ordinary image folders plus a labels CSV
/// per split (docs/datasets.md, "Export layout"), so it can be used like any downloaded dataset and read back through
/// the folder and labels CSV readers. Local only: no server is involved.
/// </summary>
internal static class DatasetCommand
{
    /// <summary>Image ids have six digits, so a split holds at most this many images per domain.</summary>
    internal const int MaxCount = 1_000_000;

    private static readonly string[] Splits = [TwinFacesSplits.Train, TwinFacesSplits.Test];

    public static Command Create()
    {
        var output = new Option<string>("--out", "-o") { Description = "folder to write train/ and test/ into", DefaultValueFactory = _ => Path.Combine("out", "dataset") };
        var size = new Option<int>("--size") { Description = $"side of the square images in pixels, a power of two from {TwinFacesRenderer.MinSize} to {TwinFacesRenderer.MaxSize}", DefaultValueFactory = _ => 64 };
        var train = new Option<int>("--train") { Description = "images per domain in the unpaired train split", DefaultValueFactory = _ => 1000 };
        var test = new Option<int>("--test") { Description = "pairs in the paired test split (each pair is one photo and one anime image)", DefaultValueFactory = _ => 300 };
        var seed = new Option<long>("--seed") { Description = "seed of the dataset: the same seed writes the same bytes", DefaultValueFactory = _ => 1 };
        var force = new Option<bool>("--force") { Description = "write into a folder that is not empty, replacing its train/ and test/ folders" };
        var json = new Option<bool>("--json") { Description = "machine-readable JSON on stdout (errors as JSON on stderr)" };
        var command = new Command("dataset", "Write the built-in twin-faces dataset as image folders with labels.csv files.")
        {
            output, size, train, test, seed, force, json,
        };
        command.SetAction((parse, ct) =>
        {
            var console = new CliConsole(parse.GetValue(json));
            var request = new Request(Path.GetFullPath(parse.GetValue(output)!), parse.GetValue(size),
                new TwinFacesCounts(parse.GetValue(train), parse.GetValue(test)), parse.GetValue(seed), parse.GetValue(force));
            try
            {
                return Task.FromResult(Run(request, console, ct));
            }
            catch (Exception e) when (CommandRunner.Describe(e, "", ct) is { } error)
            {
                if (error.ExitCode != ExitCodes.Interrupted) console.Report(error);
                return Task.FromResult(error.ExitCode);
            }
        });
        return command;
    }

    private sealed record Request(string OutDir, int Size, TwinFacesCounts Counts, long Seed, bool Force);

    private static int Run(Request request, CliConsole console, CancellationToken ct)
    {
        Validate(request);
        PrepareOutput(request.OutDir, request.Force);
        int total = 2 * (request.Counts.TrainPerDomain + request.Counts.TestPairs);
        var export = console.Json
            ? TwinFacesExporter.Write(request.OutDir, request.Size, request.Counts, request.Seed, ct)
            : console.Err.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask($"writing {total} images at {request.Size} px", maxValue: total);
                    return TwinFacesExporter.Write(request.OutDir, request.Size, request.Counts, request.Seed, _ => task.Increment(1), ct);
                });
        Print(console, request, export);
        return ExitCodes.Ok;
    }

    private static void Validate(Request request)
    {
        int size = request.Size;
        if (size < TwinFacesRenderer.MinSize || size > TwinFacesRenderer.MaxSize || (size & (size - 1)) != 0)
            throw new UsageException($"--size {size} is not a power of two from {TwinFacesRenderer.MinSize} to {TwinFacesRenderer.MaxSize}.",
                "Use 8, 16, 32, 64, 128 or 256.");
        foreach (var (option, count) in new[] { ("--train", request.Counts.TrainPerDomain), ("--test", request.Counts.TestPairs) })
        {
            if (count < 0 || count > MaxCount)
                throw new UsageException($"{option} {count} is out of range: give 0 to {MaxCount.ToString("N0", CultureInfo.InvariantCulture)}.");
        }
        if (request.Counts.TrainPerDomain == 0 && request.Counts.TestPairs == 0)
            throw new UsageException("--train and --test are both 0: there is nothing to write.");
    }

    /// <summary>
    /// The output must be a new or empty folder, so that stale images of an earlier export cannot end up next to the
    /// new ones. With <c>--force</c> only the <c>train/</c> and <c>test/</c> entries are deleted; anything else in the
    /// folder stays.
    /// </summary>
    private static void PrepareOutput(string outDir, bool force)
    {
        if (File.Exists(outDir))
            throw new UsageException($"--out {outDir} is a file, not a folder.", "Give a new or empty folder.");
        if (!Directory.Exists(outDir) || !Directory.EnumerateFileSystemEntries(outDir).Any())
            return;
        if (!force)
            throw new UsageException($"--out {outDir} is not empty.", "Give a new or empty folder, or pass --force to replace its train/ and test/ folders.");
        foreach (var split in Splits)
        {
            string path = Path.Combine(outDir, split);
            if (File.Exists(path) || (Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is not null))
                File.Delete(path);
            else if (Directory.Exists(path))
                Directory.Delete(path, recursive: true);
        }
    }

    private static void Print(CliConsole console, Request request, TwinFacesExport export)
    {
        if (console.Json)
        {
            console.WriteJson(new JsonObject
            {
                ["root"] = export.Root,
                ["size"] = export.Size,
                ["seed"] = request.Seed,
                ["trainPerDomain"] = request.Counts.TrainPerDomain,
                ["testPairs"] = request.Counts.TestPairs,
                ["images"] = export.Images,
                ["labelFiles"] = new JsonArray([.. export.LabelFiles.Select(f => JsonValue.Create(f))]),
            });
            return;
        }
        console.Out.MarkupLine($"{export.Images} images at {export.Size} px (seed {request.Seed}) in {Markup.Escape(export.Root)}");
        console.Out.MarkupLine($"  train: {request.Counts.TrainPerDomain} photo + {request.Counts.TrainPerDomain} anime (unpaired), labels in {Markup.Escape(export.LabelFiles[0])}");
        console.Out.MarkupLine($"  test:  {request.Counts.TestPairs} pairs (same id = same face), labels in {Markup.Escape(export.LabelFiles[1])}");
    }
}
