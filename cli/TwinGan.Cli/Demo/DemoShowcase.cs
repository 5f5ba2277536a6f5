using TwinGan.Cli.Client;
using TwinGan.Cli.Commands;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Search.V1;
using TwinGan.Contracts.Translator.V1;
using TwinGan.Data.Imaging;

namespace TwinGan.Cli.Demo;

/// <summary>One translation direction: the inputs, their translations and the true counterparts, and the grid image.</summary>
internal sealed record TranslationGrid(string From, string To, string GridPath, IReadOnlyList<string> Outputs);

/// <summary>One held-out photo's twins: the true twin's id and the ranked results.</summary>
internal sealed record TwinQuery(string QueryPath, string TrueTwinId, IReadOnlyList<Twin> Twins)
{
    /// <summary>1-based rank of the true twin among the results; 0 when it is not among them.</summary>
    public int Rank
    {
        get
        {
            for (var i = 0; i < Twins.Count; i++)
                if (Twins[i].Item.Id == TrueTwinId) return i + 1;
            return 0;
        }
    }
}

/// <summary>Twin-search results over every held-out photo; recall measured through the Search service.</summary>
internal sealed record TwinResults(IReadOnlyList<TwinQuery> Queries, int K)
{
    public double RecallAt(int k) => Queries.Count == 0 ? 0 : Queries.Count(q => q.Rank is > 0 && q.Rank <= k) / (double)Queries.Count;
}

/// <summary>What the demo does with the served model: translations both ways, the anime gallery, twin search.</summary>
internal static class DemoShowcase
{
    private const int Cell = 96;

    public static async Task<TranslationGrid> TranslateAsync(ClientContext client, DemoSettings settings, DemoModelInfo model,
        string from, string to, CancellationToken ct)
    {
        var inputs = TestImages(settings, from).Take(DemoSettings.Shown).ToList();
        var outDir = Path.Combine(settings.OutDir, "translations", $"{from}2{to}");
        Directory.CreateDirectory(outDir);
        var request = new TranslateBatchRequest { Model = new ModelRef { Name = model.Name, Version = model.Version } };
        request.Requests.AddRange(inputs.Select(path => new TranslateRequest { Image = ImageFiles.Load(path), SourceDomain = from, TargetDomain = to }));
        var response = await client.Translator.TranslateBatchAsync(request, deadline: client.Deadline(), cancellationToken: ct);
        var outputs = new List<string>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var result = response.Results[i];
            if (result.Error is { } error) throw new OperationFailedException($"translating {inputs[i]} failed: {CliError.From(error).OneLine()}");
            var path = Path.Combine(outDir, Path.GetFileName(inputs[i]));
            await File.WriteAllBytesAsync(path, result.Response.Image.Data.ToByteArray(), ct);
            outputs.Add(path);
        }
        // Rows: the inputs, their translations, and the true counterparts (the same latent rendered in the target domain).
        var truth = inputs.Select(p => Path.Combine(settings.DatasetDir, "test", to, Path.GetFileName(p)));
        var cells = inputs.Concat(outputs).Concat(truth).Select(Load).ToList();
        var grid = Path.Combine(settings.OutDir, $"{from}2{to}.png");
        await File.WriteAllBytesAsync(grid, ContactSheet.Compose(cells, inputs.Count).EncodePng(), ct);
        return new TranslationGrid(from, to, grid, outputs);
    }

    public static async Task<IndexResult> IndexGalleryAsync(ClientContext client, DemoSettings settings, CancellationToken ct)
    {
        var entries = GalleryIndexer.FromFolder(Path.Combine(settings.DatasetDir, "test", "anime"), "anime/");
        var result = await IndexCommand.RunAsync(client, entries,
            new GalleryIndexer.Settings("anime", ["twin-faces-test"], new Dictionary<string, string> { ["dataset"] = "twin-faces" },
                FaceCrop: false, Thumbnails: false, UriPrefix: null), ct);
        if (result.Failures.Count > 0)
            throw new OperationFailedException($"{result.Failures.Count} gallery images were refused, e.g. {result.Failures[0].Entry.Path}: {result.Failures[0].Error.OneLine()}");
        return result;
    }

    public static async Task<TwinResults> FindTwinsAsync(ClientContext client, DemoSettings settings, string changeOffset, int k, CancellationToken ct)
    {
        var queries = new List<TwinQuery>();
        foreach (var photo in TestImages(settings, "photo"))
        {
            var response = await client.Search.FindTwinsAsync(new FindTwinsRequest
            {
                Image = new ImageQuery { Image = ImageFiles.Load(photo), Domain = "photo" },
                TargetDomain = "anime",
                K = k,
                TagFilter = new TagFilter { AllOf = { "twin-faces-test" } },
                MinChangeOffset = changeOffset,
            }, deadline: client.Deadline(), cancellationToken: ct);
            queries.Add(new TwinQuery(photo, $"anime/{Path.GetFileName(photo)}", [.. response.Twins]));
        }
        return new TwinResults(queries, k);
    }

    private static IEnumerable<string> TestImages(DemoSettings settings, string domain) =>
        ImageFiles.InFolder(Path.Combine(settings.DatasetDir, "test", domain));

    private static RgbImage Load(string path) => ImageCodec.Decode(File.ReadAllBytes(path), ImageLimits.Default).Resize(Cell, Cell);
}
