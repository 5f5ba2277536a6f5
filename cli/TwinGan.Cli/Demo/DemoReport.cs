using System.Globalization;
using System.Net;
using System.Text;
using TwinGan.Cli.Client;
using TwinGan.Training;

namespace TwinGan.Cli.Demo;

/// <summary>Everything the report shows; parts that did not happen are null and the report says why.</summary>
internal sealed record DemoOutcome(DemoSettings Settings, DemoModelInfo Model, IReadOnlyList<TranslationGrid> Translations, IndexResult Gallery,
    TwinResults Twins, IReadOnlyList<(string Title, TimeSpan Elapsed)> Steps);

/// <summary>
/// Writes <c>report.html</c> beside the PNGs it links: translation grids, twin results, the evaluation table
/// (the Trainer's metrics, never invented here) and the training run's loss curves and sample grids.
/// </summary>
internal static class DemoReport
{
    public static string Write(DemoOutcome outcome)
    {
        var s = outcome.Settings;
        var html = new StringBuilder();
        html.Append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>TwinGan demo</title>\n<style>")
            .Append("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}")
            .Append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}")
            .Append("img.grid{image-rendering:pixelated;max-width:100%}img.cell{width:64px;height:64px;image-rendering:pixelated}")
            .Append(".hit{background:#d8f5d0}.note{color:#a05000}</style></head><body>\n")
            .Append("<h1>TwinGan demo</h1>\n");
        Summary(html, outcome);
        Translations(html, outcome);
        Twins(html, outcome);
        Evaluation(html, outcome);
        Training(html, outcome);
        html.Append("</body></html>\n");
        File.WriteAllText(s.ReportPath, html.ToString());
        return s.ReportPath;
    }

    private static void Summary(StringBuilder html, DemoOutcome o)
    {
        var m = o.Model;
        html.Append("<p>Model <b>").Append(E(m.Name)).Append(' ').Append(E(m.Version)).Append("</b>")
            .Append(m.Reused ? " (reused from an earlier run; <code>twingan demo --retrain</code> trains a new one)" : " (trained by this run)")
            .Append(". Data: the built-in procedural twin-faces dataset (no downloads); the held-out test split renders the same latent face in both domains, ")
            .Append("so every test photo has a known anime twin.</p>\n<table><tr><th>step</th><th>time</th></tr>\n");
        foreach (var (title, elapsed) in o.Steps)
            html.Append("<tr><td>").Append(E(title)).Append("</td><td>").Append(TrainingView.Duration(elapsed)).Append("</td></tr>\n");
        html.Append("</table>\n");
        if (m.Job is { } job)
            html.Append("<p>Training job <code>").Append(E(job.Id)).Append("</code>: ")
                .Append(job.Progress?.ImagesSeen.ToString("N0", CultureInfo.InvariantCulture) ?? "?").Append(" images at up to ")
                .Append(job.Config?.Resolution ?? job.Progress?.Resolution ?? 0).Append(" px in ")
                .Append(job.Progress?.Elapsed is { } t ? TrainingView.Duration(t.ToTimeSpan()) : "?").Append(".</p>\n");
    }

    private static void Translations(StringBuilder html, DemoOutcome o)
    {
        html.Append("<h2>Translations</h2>\n");
        foreach (var t in o.Translations)
            html.Append("<h3>").Append(E(t.From)).Append(" → ").Append(E(t.To)).Append("</h3>\n<p>Rows: held-out ").Append(E(t.From))
                .Append(" inputs; their translations; the true ").Append(E(t.To)).Append(" counterparts (never seen by the model).</p>\n")
                .Append("<img class=\"grid\" src=\"").Append(Rel(o.Settings, t.GridPath)).Append("\" alt=\"").Append(E(t.From)).Append(" to ").Append(E(t.To)).Append("\">\n");
    }

    private static void Twins(StringBuilder html, DemoOutcome o)
    {
        var twins = o.Twins;
        html.Append("<h2>Anime twins</h2>\n<p>").Append(o.Gallery.Indexed).Append(" held-out anime faces indexed through Search (UpsertStream); ")
            .Append(twins.Queries.Count).Append(" held-out photos searched with FindTwins (k = ").Append(twins.K).Append("). ")
            .Append("Measured here: the true twin is the first result for <b>").Append(Percent(twins.RecallAt(1))).Append("</b> of the photos and among the first ")
            .Append(twins.K).Append(" for <b>").Append(Percent(twins.RecallAt(twins.K))).Append("</b> (chance: ")
            .Append(Percent(1.0 / Math.Max(1, o.Gallery.Indexed))).Append(" and ").Append(Percent((double)twins.K / Math.Max(1, o.Gallery.Indexed))).Append(").</p>\n")
            .Append("<table><tr><th>photo</th><th>true twin</th><th>rank</th>");
        for (var i = 1; i <= twins.K; i++) html.Append("<th>#").Append(i).Append("</th>");
        html.Append("</tr>\n");
        foreach (var q in twins.Queries.Take(DemoSettings.Shown))
        {
            html.Append("<tr><td>").Append(Img(o.Settings, q.QueryPath)).Append("</td><td>").Append(Img(o.Settings, GalleryFile(o.Settings, q.TrueTwinId)))
                .Append("</td><td>").Append(q.Rank > 0 ? q.Rank.ToString(CultureInfo.InvariantCulture) : "&gt; " + twins.K).Append("</td>");
            foreach (var t in q.Twins)
                html.Append(t.Item.Id == q.TrueTwinId ? "<td class=\"hit\">" : "<td>").Append(Img(o.Settings, GalleryFile(o.Settings, t.Item.Id)))
                    .Append("<br>").Append(t.Score.ToString("F3", CultureInfo.InvariantCulture)).Append("</td>");
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void Evaluation(StringBuilder html, DemoOutcome o)
    {
        html.Append("<h2>Evaluation</h2>\n");
        var metrics = o.Model.Job?.Metrics;
        if (metrics is null || metrics.Count == 0)
        {
            html.Append("<p class=\"note\">Not available: ")
                .Append(o.Model.Job is null
                    ? "the training job of this model version is unknown to the Trainer, so its evaluation metrics cannot be shown."
                    : "the Trainer reported no evaluation metrics for this job (its run directory has no evaluation results).")
                .Append(" No numbers are shown rather than made-up ones.</p>\n");
            return;
        }
        html.Append("<p>Computed by the Trainer's evaluation suite at the end of training on ").Append(o.Settings.EvaluationPairs)
            .Append(" held-out twin-faces pairs ")
            .Append("(SWD ×10³ lower is better; attribute accuracy, retrieval recall higher is better; L1 lower is better).</p>\n")
            .Append("<table><tr><th>metric</th><th>value</th></tr>\n");
        foreach (var (name, value) in metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            html.Append("<tr><td>").Append(E(name)).Append("</td><td>").Append(value.ToString("0.000#", CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        html.Append("</table>\n");
    }

    private static void Training(StringBuilder html, DemoOutcome o)
    {
        html.Append("<h2>Training</h2>\n");
        var run = o.Model.RunDirectory;
        if (run is null || !Directory.Exists(run))
        {
            html.Append("<p class=\"note\">The training run directory of this model is not available, so there are no loss curves or sample grids to show.</p>\n");
            return;
        }
        var copied = Path.Combine(o.Settings.OutDir, "training");
        Directory.CreateDirectory(copied);
        var curves = Path.Combine(run, RunFiles.LossCurves);
        if (File.Exists(curves))
        {
            var target = Path.Combine(copied, RunFiles.LossCurves);
            File.Copy(curves, target, overwrite: true);
            html.Append("<h3>Loss curves</h3>\n<img class=\"grid\" src=\"").Append(Rel(o.Settings, target)).Append("\" alt=\"loss curves\">\n");
        }
        else html.Append("<p class=\"note\">The run directory has no loss curves (").Append(E(RunFiles.LossCurves)).Append(").</p>\n");
        var samples = Path.Combine(run, RunFiles.Samples);
        var last = Directory.Exists(samples) ? Directory.EnumerateFiles(samples, "*.png").Order(StringComparer.Ordinal).LastOrDefault() : null;
        if (last is null) return;
        var sample = Path.Combine(copied, "latest-sample.png");
        File.Copy(last, sample, overwrite: true);
        html.Append("<h3>Latest sample grid</h3>\n<img class=\"grid\" src=\"").Append(Rel(o.Settings, sample)).Append("\" alt=\"sample grid\">\n");
    }

    private static string GalleryFile(DemoSettings settings, string id) => Path.Combine(settings.DatasetDir, "test", id);

    private static string Img(DemoSettings settings, string path) => $"<img class=\"cell\" src=\"{Rel(settings, path)}\" alt=\"\">";

    private static string Rel(DemoSettings settings, string path) =>
        E(Path.GetRelativePath(settings.OutDir, path).Replace(Path.DirectorySeparatorChar, '/'));

    private static string Percent(double fraction) => (100 * fraction).ToString("F1", CultureInfo.InvariantCulture) + "%";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
