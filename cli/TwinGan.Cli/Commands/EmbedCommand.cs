using System.CommandLine;
using System.Globalization;
using TwinGan.Cli.Client;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Embedder.V1;

namespace TwinGan.Cli.Commands;

/// <summary><c>twingan embed</c>: an image's vector in the model's shared embedding space.</summary>
internal static class EmbedCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("image") { Description = "image file (png, jpg, webp)" };
        var domain = new Option<string>("--domain") { Description = "domain of the image, e.g. photo", Required = true };
        var layout = new Option<string>("--layout") { Description = "pooled or flattened (default: the model's default layout)" };
        var faceCrop = new Option<bool>("--face-crop") { Description = "detect the face and crop to it before embedding" };
        var model = ModelOptions.Create();
        var command = new Command("embed",
            "Print an image's embedding: one line of comma-separated values (with --json: values, model, version, layout, domain).")
        {
            image, domain, layout, faceCrop,
        };
        model.AddTo(command);
        return command.WithClient(new ClientOptions(), async (parse, client, ct) =>
        {
            var request = new EmbedRequest
            {
                Image = ImageFiles.Load(parse.GetValue(image)!),
                Domain = parse.GetValue(domain)!,
                Layout = ParseLayout(parse.GetValue(layout)),
                Model = model.Ref(parse),
                FaceCrop = parse.GetValue(faceCrop),
            };
            var response = await client.Embedder.EmbedAsync(request, deadline: client.Deadline(), cancellationToken: ct);
            var embedding = response.Embedding;
            if (client.Json)
            {
                var json = CliConsole.ToNode(embedding).AsObject();
                json["dimension"] = embedding.Values.Count;
                if (response.FaceCrop is not null) json["faceCrop"] = CliConsole.ToNode(response.FaceCrop);
                client.Console.WriteJson(json);
            }
            else
            {
                client.Console.Note(
                    $"[grey]{embedding.ModelName} {embedding.ModelVersion}, {Layouts.Name(embedding.Layout)}, {embedding.Domain}, {embedding.Values.Count} values[/]");
                Console.Out.WriteLine(string.Join(",", embedding.Values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
            }
            return ExitCodes.Ok;
        });
    }

    public static EmbeddingLayout ParseLayout(string? name) => name?.ToLowerInvariant() switch
    {
        null or "" => EmbeddingLayout.Unspecified,
        "pooled" => EmbeddingLayout.Pooled,
        "flattened" => EmbeddingLayout.Flattened,
        _ => throw new UsageException($"--layout '{name}' is not one of pooled, flattened."),
    };
}

internal static class Layouts
{
    public static string Name(EmbeddingLayout layout) => layout switch
    {
        EmbeddingLayout.Pooled => "pooled",
        EmbeddingLayout.Flattened => "flattened",
        _ => "default",
    };
}
