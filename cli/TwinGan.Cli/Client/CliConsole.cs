using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Spectre.Console;

namespace TwinGan.Cli.Client;

/// <summary>
/// Where a command writes: results on stdout (Spectre markup for people, JSON for scripts), progress and
/// diagnostics on stderr so that stdout stays parseable.
/// </summary>
internal sealed class CliConsole(bool json)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithIndentation("  "));

    private readonly TextWriter _stdout = Console.Out;

    public bool Json { get; } = json;

    /// <summary>Results for people.</summary>
    public IAnsiConsole Out { get; } = AnsiConsole.Console;

    /// <summary>Progress bars and notes, on stderr.</summary>
    public IAnsiConsole Err { get; } = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    public void WriteJson(JsonNode node) => _stdout.WriteLine(node.ToJsonString(Indented));

    public void WriteJson(IMessage message) => _stdout.WriteLine(Formatter.Format(message));

    /// <summary>One JSON document per line (NDJSON), for event streams.</summary>
    public static void WriteJsonLine(IMessage message) => Console.Out.WriteLine(JsonFormatter.Default.Format(message));

    public static JsonNode ToNode(IMessage message) => JsonNode.Parse(JsonFormatter.Default.Format(message))!;

    /// <summary>A note for people (on stderr), suppressed in JSON mode.</summary>
    public void Note(string markup)
    {
        if (!Json) Err.MarkupLine(markup);
    }

    public void Report(CliError error)
    {
        if (Json)
        {
            Console.Error.WriteLine(new JsonObject { ["error"] = error.ToJson() }.ToJsonString(Indented));
            return;
        }
        WriteError(Err, error);
    }

    public static void WriteError(IAnsiConsole console, CliError error)
    {
        console.MarkupLine($"[red]error:[/] {Markup.Escape(error.Message)} [grey]({error.Code})[/]");
        foreach (var (field, description) in error.Fields)
            console.MarkupLine($"  [yellow]{Markup.Escape(field)}[/]: {Markup.Escape(description)}");
        if (error.Hint is not null) console.MarkupLine($"[grey]hint:[/] {Markup.Escape(error.Hint)}");
    }
}
