using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using TwinGan.Cli.Client;
using TwinGan.Contracts.Search.V1;

namespace TwinGan.Cli.Commands;

/// <summary><c>twingan twin</c>: "find my anime twin": the nearest gallery items to a photo (or to a gallery item).</summary>
internal static class TwinCommand
{
    public static Command Create()
    {
        var image = new Argument<string?>("image") { Description = "query image file (or use --item)", Arity = ArgumentArity.ZeroOrOne };
        var domain = new Option<string>("--domain") { Description = "domain of the query image", DefaultValueFactory = _ => "photo" };
        var item = new Option<string?>("--item") { Description = "use an existing gallery item as the query instead of an image" };
        var target = new Option<string?>("--target") { Description = "domain to search (default: every domain but the query's)" };
        var k = new Option<int>("-k", "--k") { Description = "number of twins", DefaultValueFactory = _ => 5 };
        var ef = new Option<int>("--ef") { Description = "HNSW candidate list size (0 = the index default; else k..MaxEf)" };
        var tags = new Option<string[]>("--tag") { Description = "only items with all of these tags (repeatable)" };
        var anyTags = new Option<string[]>("--any-tag") { Description = "only items with at least one of these tags (repeatable)" };
        var noTags = new Option<string[]>("--not-tag") { Description = "only items with none of these tags (repeatable)" };
        var faceCrop = new Option<bool>("--face-crop") { Description = "detect the face in the query image and crop to it" };
        var command = new Command("twin", "Find the k nearest gallery items (twins) of a photo in the other domain.")
        {
            image, domain, item, target, k, ef, tags, anyTags, noTags, faceCrop,
        };
        return command.WithClient(new ClientOptions(), async (parse, client, ct) =>
        {
            var request = new FindTwinsRequest
            {
                TargetDomain = parse.GetValue(target) ?? "",
                K = parse.GetValue(k),
                Ef = parse.GetValue(ef),
                TagFilter = new TagFilter
                {
                    AllOf = { parse.GetValue(tags) ?? [] },
                    AnyOf = { parse.GetValue(anyTags) ?? [] },
                    NoneOf = { parse.GetValue(noTags) ?? [] },
                },
            };
            (var file, var itemId) = (parse.GetValue(image), parse.GetValue(item));
            if ((file is null) == (itemId is null)) throw new UsageException("give either a query image or --item, not both or neither.");
            if (itemId is not null) request.ItemId = itemId;
            else request.Image = new ImageQuery { Image = ImageFiles.Load(file!), Domain = parse.GetValue(domain)!, FaceCrop = parse.GetValue(faceCrop) };
            var response = await client.Search.FindTwinsAsync(request, deadline: client.Deadline(), cancellationToken: ct);
            if (client.Json) client.Console.WriteJson(response);
            else Print(client.Console.Out, response);
            return ExitCodes.Ok;
        });
    }

    private static void Print(IAnsiConsole console, FindTwinsResponse response)
    {
        if (response.Twins.Count == 0)
        {
            console.MarkupLine("[yellow]no twins found[/] (is the gallery empty, or do the filters exclude everything?)");
            return;
        }
        var table = new Table().AddColumn("#").AddColumn("id").AddColumn("domain").AddColumn(new TableColumn("score").RightAligned())
            .AddColumn(new TableColumn("distance").RightAligned()).AddColumn("tags").AddColumn("image");
        table.Caption = new TableTitle($"{response.ModelName} {response.ModelVersion}, metric {response.Metric}");
        var rank = 1;
        foreach (var twin in response.Twins)
        {
            var it = twin.Item;
            table.AddRow(
                (rank++).ToString(CultureInfo.InvariantCulture), Markup.Escape(it.Id), Markup.Escape(it.Domain),
                twin.Score.ToString("F4", CultureInfo.InvariantCulture), twin.Distance.ToString("F4", CultureInfo.InvariantCulture),
                Markup.Escape(string.Join(' ', it.Tags)), Markup.Escape(it.ImageUri));
        }
        console.Write(table);
    }
}
