using System.Globalization;
using System.Text.RegularExpressions;

namespace TwinGan.Testing;

/// <summary>
/// One scrape of a host's Prometheus endpoint (<c>/metrics</c> on its metrics port, over HTTP/1.1 as Prometheus
/// scrapes), with the samples of the text exposition format parsed. The exporter caches its answer for 300 ms, so
/// a value that must reflect a request polls with <see cref="ScrapeUntilAsync"/>.
/// </summary>
public sealed partial class PrometheusMetrics
{
    private static readonly HttpClient Http = new();
    private readonly List<PrometheusSample> _samples;

    private PrometheusMetrics(string text)
    {
        Text = text;
        _samples = [.. text.Split('\n').Select(ParseLine).OfType<PrometheusSample>()];
    }

    /// <summary>The response body, for assertion messages.</summary>
    public string Text { get; }

    public static async Task<PrometheusMetrics> ScrapeAsync(HostProcess host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return new PrometheusMetrics(await Http.GetStringAsync(new Uri($"http://127.0.0.1:{host.MetricsPort}/metrics")));
    }

    /// <summary>Scrapes until <paramref name="condition"/> holds or <paramref name="timeout"/> (10 s) passes; returns the last scrape either way.</summary>
    public static async Task<PrometheusMetrics> ScrapeUntilAsync(HostProcess host, Func<PrometheusMetrics, bool> condition, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        var metrics = await ScrapeAsync(host);
        while (!condition(metrics) && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
            metrics = await ScrapeAsync(host);
        }
        return metrics;
    }

    /// <summary>Samples named <paramref name="name"/> (e.g. <c>twingan_serving_batch_size_count</c>) whose labels include <paramref name="labels"/>.</summary>
    public IReadOnlyList<PrometheusSample> Samples(string name, params (string Label, string Value)[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).ToList();

    /// <summary>The sum of the matching samples; 0 when there are none (a counter not incremented yet is not exported).</summary>
    public double Value(string name, params (string Label, string Value)[] labels) => Samples(name, labels).Sum(s => s.Value);

    private static PrometheusSample? ParseLine(string line)
    {
        var match = SampleLine().Match(line.TrimEnd('\r'));
        if (!match.Success) return null;
        var labels = LabelPair().Matches(match.Groups["labels"].Value)
            .ToDictionary(m => m.Groups[1].Value, m => Regex.Unescape(m.Groups[2].Value), StringComparer.Ordinal);
        var value = match.Groups["value"].Value switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            var v => double.Parse(v, CultureInfo.InvariantCulture),
        };
        return new PrometheusSample(match.Groups["name"].Value, labels, value);
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}

/// <summary>One sample line: metric name, labels and value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
