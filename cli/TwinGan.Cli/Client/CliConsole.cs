using System.Text.Encodings.Web;
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
    private const int RedirectedWidth = 400;

    // Relaxed escaping: the JSON is for terminals and scripts, not for embedding in HTML.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithIndentation("  "));

    private readonly TextWriter _stdout = Console.Out;

    public bool Json { get; } = json;

    /// <summary>Results for people.</summary>
    public IAnsiConsole Out { get; } = Unwrapped(AnsiConsole.Console, Console.IsOutputRedirected);

    /// <summary>Progress bars and notes, on stderr.</summary>
    public IAnsiConsole Err { get; } = Unwrapped(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }), Console.IsErrorRedirected);

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

    /// <summary>Redirected output is read by programs and grep: lines are not wrapped at 80 columns (tables still fit their content).</summary>
    private static IAnsiConsole Unwrapped(IAnsiConsole console, bool redirected)
    {
        if (redirected) console.Profile.Width = RedirectedWidth;
        return console;
    }

    public static void WriteError(IAnsiConsole console, CliError error)
    {
        // Servers put the violations into the message too (docs/protos.md); list them once, below.
        var repeatsFields = error.Fields.Count > 0 && error.Message == string.Join("; ", error.Fields.Select(f => $"{f.Field}: {f.Description}"));
        var message = repeatsFields ? "the server refused the request:" : error.Message;
        console.MarkupLine($"[red]error:[/] {Markup.Escape(message)} [grey]({error.Code})[/]");
        foreach (var (field, description) in error.Fields)
            console.MarkupLine($"  [yellow]{Markup.Escape(field)}[/]: {Markup.Escape(description)}");
        if (error.Hint is not null) console.MarkupLine($"[grey]hint:[/] {Markup.Escape(error.Hint)}");
    }
}
