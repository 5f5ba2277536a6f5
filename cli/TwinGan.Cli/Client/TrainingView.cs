using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using TwinGan.Cli.Commands;
using TwinGan.Contracts.Trainer.V1;

namespace TwinGan.Cli.Client;

/// <summary>
/// The latest state of a watched job as the progress bar shows it: stage, step, throughput, ETA and the two
/// headline losses (generator and discriminator totals).
/// </summary>
internal sealed class TrainingView
{
    public JobState State { get; set; } = JobState.Queued;

    public JobProgress Progress { get; set; } = new();

    public IDictionary<string, double> Losses { get; set; } = new Dictionary<string, double>();

    public string Description()
    {
        var p = Progress;
        var stage = p.Resolution > 0 ? $"{p.Resolution}px {Enums.Name(p.Phase)}" : "starting";
        if (p.Phase == TrainingPhase.FadeIn) stage += $" α={p.Alpha.ToString("F2", CultureInfo.InvariantCulture)}";
        return State == JobState.Running ? stage : $"{Enums.Name(State)} {stage}";
    }

    public string Stats()
    {
        var p = Progress;
        var parts = new List<string> { $"step {p.Step.ToString(CultureInfo.InvariantCulture)}" };
        if (p.ImagesPerSecond > 0) parts.Add($"{p.ImagesPerSecond.ToString("F1", CultureInfo.InvariantCulture)} img/s");
        if (p.Eta is not null) parts.Add($"ETA {Duration(p.Eta.ToTimeSpan())}");
        if (Total("Loss/G") is { } g) parts.Add($"G {g.ToString("F3", CultureInfo.InvariantCulture)}");
        if (Total("Loss/D") is { } d) parts.Add($"D {d.ToString("F3", CultureInfo.InvariantCulture)}");
        return string.Join("  ", parts);
    }

    /// <summary>A total the trainer reports (<c>Loss/G</c> or <c>Loss/G/total</c>), else the sum of the group's terms.</summary>
    public double? Total(string group)
    {
        if (Losses.TryGetValue(group, out var value) || Losses.TryGetValue(group + "/total", out value)) return value;
        var terms = Losses.Where(l => l.Key.StartsWith(group + "/", StringComparison.Ordinal)).Select(l => l.Value).ToList();
        return terms.Count == 0 ? null : terms.Sum();
    }

    public static string Duration(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:D2}m" : t.TotalMinutes >= 1 ? $"{t.Minutes}m{t.Seconds:D2}s" : $"{t.Seconds}s";

    /// <summary>The column after the bar: step, images/s, ETA, losses.</summary>
    public sealed class StatsColumn(TrainingView view) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Markup(Markup.Escape(view.Stats()), new Style(Color.Grey));
    }
}
