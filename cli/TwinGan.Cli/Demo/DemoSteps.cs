using System.Diagnostics;
using Spectre.Console;

namespace TwinGan.Cli.Demo;

/// <summary>Numbered steps with a header, their duration and a clear mark when one fails.</summary>
internal sealed class DemoSteps(IAnsiConsole console, int count)
{
    private int _number;

    public List<(string Title, TimeSpan Elapsed)> Done { get; } = [];

    public async Task<T> RunAsync<T>(string title, Func<Task<T>> step)
    {
        _number++;
        console.WriteLine();
        console.MarkupLine($"[bold blue][[{_number}/{count}]][/] [bold]{Markup.Escape(title)}[/]");
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await step();
            Done.Add((title, clock.Elapsed));
            console.MarkupLine($"[green]✓[/] {Markup.Escape(title)} [grey]({Client.TrainingView.Duration(clock.Elapsed)})[/]");
            return result;
        }
        catch
        {
            console.MarkupLine($"[red]✗ step {_number} ({Markup.Escape(title)}) failed after {Client.TrainingView.Duration(clock.Elapsed)}[/]");
            throw;
        }
    }

    public Task RunAsync(string title, Func<Task> step) => RunAsync(title, async () =>
    {
        await step();
        return true;
    });

    public void Note(string markup) => console.MarkupLine("    " + markup);
}
