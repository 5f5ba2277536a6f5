using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using TwinGan.Cli.Client;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Translator.V1;

namespace TwinGan.Cli.Commands;

/// <summary><c>twingan translate</c>: image files (or folders of them) into the other domain, through TranslateBatch.</summary>
internal static class TranslateCommand
{
    // Keeps each TranslateBatch request well under the server's 16 MiB message limit and its batch limit.
    private const int MaxItemsPerCall = 16;
    private const long MaxBytesPerCall = 8L * 1024 * 1024;

    public static Command Create()
    {
        var inputs = new Argument<string[]>("inputs") { Description = "image files or folders (png, jpg, webp)", Arity = ArgumentArity.OneOrMore };
        var from = new Option<string>("--from") { Description = "domain of the inputs, e.g. photo", Required = true };
        var to = new Option<string>("--to") { Description = "domain to translate into, e.g. anime", Required = true };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "output file (one input) or folder; default: beside each input as <name>.<to>.<ext>",
        };
        var model = ModelOptions.Create();
        var size = new Option<int>("--size") { Description = "side of the square output in pixels (0 = model resolution)" };
        var format = new Option<string>("--format") { Description = "png, jpeg or webp", DefaultValueFactory = _ => "png" };
        var quality = new Option<int>("--quality") { Description = "JPEG/WebP quality 1..100 (0 = 90)" };
        var faceCrop = new Option<bool>("--face-crop") { Description = "detect the face and crop to it before translating" };
        var command = new Command("translate", "Translate images from one domain into another (e.g. photo -> anime).")
        {
            inputs, from, to, output, size, format, quality, faceCrop,
        };
        model.AddTo(command);
        return command.WithClient(new ClientOptions(), async (parse, client, ct) =>
        {
            var files = ImageFiles.Expand(parse.GetValue(inputs)!);
            var imageFormat = ImageFiles.ParseFormat(parse.GetValue(format)!);
            var target = parse.GetValue(to)!;
            var outputs = OutputPaths(files, parse.GetValue(output), target, ImageFiles.Extension(imageFormat));
            var template = new TranslateRequest
            {
                SourceDomain = parse.GetValue(from)!,
                TargetDomain = target,
                Output = new OutputOptions { Format = imageFormat, Size = parse.GetValue(size), Quality = parse.GetValue(quality) },
                FaceCrop = parse.GetValue(faceCrop),
            };
            return await RunAsync(client, files, outputs, template, model.Ref(parse), ct);
        });
    }

    private static async Task<int> RunAsync(ClientContext client, IReadOnlyList<string> files, IReadOnlyList<string> outputs,
        TranslateRequest template, ModelRef model, CancellationToken ct)
    {
        var results = new JsonArray();
        var firstFailure = ExitCodes.Ok;
        var written = 0;
        foreach (var chunk in Chunks(files))
        {
            var request = new TranslateBatchRequest { Model = model };
            foreach (var i in chunk)
            {
                var item = template.Clone();
                item.Image = ImageFiles.Load(files[i]);
                request.Requests.Add(item);
            }
            var response = await client.Translator.TranslateBatchAsync(request, deadline: client.Deadline(), cancellationToken: ct);
            for (var j = 0; j < chunk.Count; j++)
            {
                var (input, output, result) = (files[chunk[j]], outputs[chunk[j]], response.Results[j]);
                if (result.Error is { } itemError)
                {
                    var error = CliError.From(itemError);
                    if (firstFailure == ExitCodes.Ok) firstFailure = error.ExitCode;
                    results.Add(new JsonObject { ["input"] = input, ["error"] = error.ToJson() });
                    if (!client.Json) client.Console.Out.MarkupLine($"[red]✗[/] {Markup.Escape(input)}: {Markup.Escape(error.OneLine())}");
                    continue;
                }
                var translated = result.Response;
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
                await File.WriteAllBytesAsync(output, translated.Image.Data.ToByteArray(), ct);
                written++;
                results.Add(Describe(input, output, translated));
                if (!client.Json)
                    client.Console.Out.MarkupLine(
                        $"[green]✓[/] {Markup.Escape(input)} → {Markup.Escape(output)} [grey]({Markup.Escape(translated.ModelName)} {Markup.Escape(translated.ModelVersion)}, {translated.Timings?.TotalTime?.ToTimeSpan().TotalMilliseconds ?? 0:F0} ms)[/]");
            }
        }
        if (client.Json) client.Console.WriteJson(new JsonObject { ["results"] = results });
        // Some written, some refused: partial failure; nothing written: the refusal's own code.
        return firstFailure == ExitCodes.Ok ? ExitCodes.Ok : written > 0 ? ExitCodes.PartialFailure : firstFailure;
    }

    private static JsonObject Describe(string input, string output, TranslateResponse response)
    {
        var json = new JsonObject
        {
            ["input"] = input,
            ["output"] = output,
            ["mediaType"] = response.Image.MediaType,
            ["modelName"] = response.ModelName,
            ["modelVersion"] = response.ModelVersion,
            ["cacheHit"] = response.CacheHit,
        };
        if (response.FaceCrop is not null) json["faceCrop"] = CliConsole.ToNode(response.FaceCrop);
        if (response.Timings is not null) json["timings"] = CliConsole.ToNode(response.Timings);
        return json;
    }

    /// <summary>Where each translation goes: one explicit file, a folder, or beside the input.</summary>
    internal static IReadOnlyList<string> OutputPaths(IReadOnlyList<string> files, string? output, string target, string extension)
    {
        string Named(string file) => $"{Path.GetFileNameWithoutExtension(file)}.{target}{extension}";
        if (output is null) return [.. files.Select(f => Path.Combine(Path.GetDirectoryName(f) ?? "", Named(f)))];
        if (files.Count == 1 && ImageFiles.IsImage(output) && !Directory.Exists(output)) return [output];
        var names = files.Select(Named).ToList();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
            throw new UsageException("two inputs have the same file name, so their outputs would collide in --output.", "Translate them in separate runs.");
        return [.. names.Select(n => Path.Combine(output, n))];
    }

    private static IEnumerable<List<int>> Chunks(IReadOnlyList<string> files)
    {
        var chunk = new List<int>();
        long bytes = 0;
        for (var i = 0; i < files.Count; i++)
        {
            var size = new FileInfo(files[i]).Length;
            if (chunk.Count > 0 && (chunk.Count == MaxItemsPerCall || bytes + size > MaxBytesPerCall))
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }
            chunk.Add(i);
            bytes += size;
        }
        if (chunk.Count > 0) yield return chunk;
    }
}
