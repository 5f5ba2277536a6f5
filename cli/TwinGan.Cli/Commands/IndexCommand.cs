using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using TwinGan.Cli.Client;

namespace TwinGan.Cli.Commands;

/// <summary><c>twingan index</c>: a folder of images into the Search gallery (UpsertStream), with a progress bar.</summary>
internal static class IndexCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("folder") { Description = "folder of images (read recursively; png, jpg, webp)" };
        var domain = new Option<string>("--domain") { Description = "domain of the images, e.g. anime", Required = true };
        var idPrefix = new Option<string>("--id-prefix") { Description = "prefix of every item id (ids are the files' relative paths)", DefaultValueFactory = _ => "" };
        var tags = new Option<string[]>("--tag") { Description = "tag for every item (repeatable)" };
        var meta = new Option<string[]>("--meta") { Description = "metadata key=value for every item (repeatable); 'path' is set to the relative path" };
        var uriPrefix = new Option<string?>("--uri-prefix") { Description = "set each item's image_uri to this prefix + the relative path" };
        var faceCrop = new Option<bool>("--face-crop") { Description = "detect the face and crop to it before embedding" };
        var thumbnails = new Option<bool>("--thumbnails") { Description = "let the server store a small WebP thumbnail per item" };
        var command = new Command("index", "Add (or replace) every image of a folder in the Search gallery.")
        {
            folder, domain, idPrefix, tags, meta, uriPrefix, faceCrop, thumbnails,
        };
        return command.WithClient(new ClientOptions(), async (parse, client, ct) =>
        {
            var entries = GalleryIndexer.FromFolder(parse.GetValue(folder)!, parse.GetValue(idPrefix)!);
            if (entries.Count == 0) throw new UsageException($"no images (png, jpg, webp) under {parse.GetValue(folder)}.");
            var settings = new GalleryIndexer.Settings(parse.GetValue(domain)!, parse.GetValue(tags) ?? [], ParseMetadata(parse.GetValue(meta) ?? []),
                parse.GetValue(faceCrop), parse.GetValue(thumbnails), parse.GetValue(uriPrefix));
            var result = await RunAsync(client, entries, settings, ct);
            Print(client, result);
            return result.Failures.Count == 0 ? ExitCodes.Ok : ExitCodes.PartialFailure;
        });
    }

    /// <summary>Indexes with a progress bar on stderr (none in JSON mode).</summary>
    public static async Task<IndexResult> RunAsync(ClientContext client, IReadOnlyList<IndexEntry> entries, GalleryIndexer.Settings settings,
        CancellationToken ct)
    {
        if (client.Json) return await GalleryIndexer.RunAsync(client.Search, entries, settings, (_, _) => { }, ct);
        return await client.Console.Err.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"indexing {entries.Count} images ({Markup.Escape(settings.Domain)})", maxValue: entries.Count);
                return await GalleryIndexer.RunAsync(client.Search, entries, settings, (done, failed) =>
                {
                    task.Value = done;
                    if (failed > 0) task.Description = $"indexing {entries.Count} images ({Markup.Escape(settings.Domain)}), [red]{failed} failed[/]";
                }, ct);
            });
    }

    private static void Print(ClientContext client, IndexResult result)
    {
        if (client.Json)
        {
            client.Console.WriteJson(new JsonObject
            {
                ["indexed"] = result.Indexed,
                ["failed"] = result.Failures.Count,
                ["changeOffset"] = result.ChangeOffset,
                ["failures"] = new JsonArray([.. result.Failures.Select(f => (JsonNode)new JsonObject { ["id"] = f.Entry.Id, ["path"] = f.Entry.Path, ["error"] = f.Error.ToJson() })]),
            });
            return;
        }
        var console = client.Console.Out;
        console.MarkupLine($"[green]{result.Indexed}[/] items indexed" + (result.Failures.Count > 0 ? $", [red]{result.Failures.Count} failed[/]" : "") + ".");
        foreach (var (entry, error) in result.Failures.Take(20))
            console.MarkupLine($"  [red]✗[/] {Markup.Escape(entry.Path)}: {Markup.Escape(error.OneLine())}");
        if (result.Failures.Count > 20) console.MarkupLine($"  … and {result.Failures.Count - 20} more (--json lists all).");
    }

    private static Dictionary<string, string> ParseMetadata(IEnumerable<string> pairs)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new UsageException($"--meta '{pair}' is not key=value.");
            metadata[pair[..eq]] = pair[(eq + 1)..];
        }
        return metadata;
    }
}
