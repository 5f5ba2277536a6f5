using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace TwinGan.Evaluation.Reporting;

/// <summary>
/// The metrics of one evaluation, in the order they were computed, with what they were computed on.
/// Tables: one column per report (<see cref="ToMarkdownTable(IReadOnlyList{NamedReport})"/> compares models).
/// </summary>
public sealed class EvaluationReport
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public EvaluationReport(string dataset, int resolution, IReadOnlyList<KeyValuePair<string, double>> metrics, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        (Dataset, Resolution, Elapsed) = (dataset, resolution, elapsed);
        var ordered = new OrderedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in metrics)
        {
            if (!ordered.TryAdd(name, value))
                throw new ArgumentException($"Metric '{name}' appears twice.", nameof(metrics));
        }
        Metrics = ordered;
    }

    public string Dataset { get; }

    public int Resolution { get; }

    public TimeSpan Elapsed { get; }

    /// <summary>Metric name → value, in computation order (see <see cref="MetricNames"/>).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; }

    public string ToMarkdownTable() => ToMarkdownTable([new NamedReport("value", this)]);

    public string ToHtmlTable() => ToHtmlTable([new NamedReport("value", this)]);

    /// <summary>One row per metric (union, first report's order first), one column per report; "–" where absent.</summary>
    public static string ToMarkdownTable(IReadOnlyList<NamedReport> reports)
    {
        var names = MetricUnion(reports);
        var text = new StringBuilder();
        text.Append("| metric |").AppendJoin("", reports.Select(r => $" {r.Name} |")).AppendLine();
        text.Append("|---|").AppendJoin("", reports.Select(_ => "---:|")).AppendLine();
        foreach (var name in names)
            text.Append("| ").Append(name).Append(" |").AppendJoin("", reports.Select(r => $" {Cell(r.Report, name)} |")).AppendLine();
        return text.ToString();
    }

    /// <summary>The same table as an HTML fragment (a bare &lt;table&gt;, names HTML-encoded).</summary>
    public static string ToHtmlTable(IReadOnlyList<NamedReport> reports)
    {
        var names = MetricUnion(reports);
        var html = new StringBuilder("<table class=\"twingan-evaluation\">\n<thead><tr><th>metric</th>");
        foreach (var report in reports)
            html.Append("<th>").Append(WebUtility.HtmlEncode(report.Name)).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var name in names)
        {
            html.Append("<tr><td>").Append(WebUtility.HtmlEncode(name)).Append("</td>");
            foreach (var report in reports)
                html.Append("<td>").Append(WebUtility.HtmlEncode(Cell(report.Report, name))).Append("</td>");
            html.Append("</tr>\n");
        }
        return html.Append("</tbody>\n</table>\n").ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(
        new Saved(Dataset, Resolution, Elapsed.TotalSeconds, [.. Metrics.Select(m => new SavedMetric(m.Key, m.Value))]), Json);

    public static EvaluationReport FromJson(string json)
    {
        var saved = JsonSerializer.Deserialize<Saved>(json, Json) ?? throw new JsonException("Empty evaluation report.");
        return new EvaluationReport(saved.Dataset, saved.Resolution,
            [.. saved.Metrics.Select(m => KeyValuePair.Create(m.Name, m.Value))], TimeSpan.FromSeconds(saved.ElapsedSeconds));
    }

    private static List<string> MetricUnion(IReadOnlyList<NamedReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        if (reports.Count == 0)
            throw new ArgumentException("At least one report is required.", nameof(reports));
        return [.. reports.SelectMany(r => r.Report.Metrics.Keys).Distinct(StringComparer.Ordinal)];
    }

    private static string Cell(EvaluationReport report, string name) =>
        report.Metrics.TryGetValue(name, out var value) ? value.ToString("0.000#", CultureInfo.InvariantCulture) : "–";

    private sealed record Saved(string Dataset, int Resolution, double ElapsedSeconds, List<SavedMetric> Metrics);

    private sealed record SavedMetric(string Name, double Value);
}

/// <summary>A report with the column title it gets in a comparison table (e.g. "TwinGAN", "ablation").</summary>
public sealed record NamedReport(string Name, EvaluationReport Report);
