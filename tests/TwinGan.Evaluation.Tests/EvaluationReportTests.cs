using TwinGan.Evaluation.Reporting;

namespace TwinGan.Evaluation.Tests;

public sealed class EvaluationReportTests
{
    private static EvaluationReport Report(params (string Name, double Value)[] metrics) =>
        new("twin-faces-seed1", 32, [.. metrics.Select(m => KeyValuePair.Create(m.Name, m.Value))], TimeSpan.FromSeconds(3));

    [Fact]
    public void ToMarkdownTable_TwoModels_OneColumnEachAndDashWhereMissing()
    {
        var twinGan = Report(("Swd/photo2anime", 12.3456), ("Retrieval/recall@1/pooled/photo2anime", 0.5));
        var ablation = Report(("Swd/photo2anime", 20));

        var table = EvaluationReport.ToMarkdownTable([new("TwinGAN", twinGan), new("ablation", ablation)]);

        var lines = table.TrimEnd().Split('\n');
        Assert.Equal("| metric | TwinGAN | ablation |", lines[0]);
        Assert.Equal("| Swd/photo2anime | 12.3456 | 20.000 |", lines[2]);
        Assert.Equal("| Retrieval/recall@1/pooled/photo2anime | 0.500 | – |", lines[3]);
    }

    [Fact]
    public void ToHtmlTable_EncodesNames()
    {
        var html = Report(("a<b", 1)).ToHtmlTable();

        Assert.StartsWith("<table", html, StringComparison.Ordinal);
        Assert.Contains("<td>a&lt;b</td><td>1.000</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_RoundTrips_KeepingOrder()
    {
        var report = Report(("z", 1), ("a", 2.5), ("m", double.NaN));

        var back = EvaluationReport.FromJson(report.ToJson());

        Assert.Equal(["z", "a", "m"], back.Metrics.Keys);
        Assert.Equal(2.5, back.Metrics["a"]);
        Assert.True(double.IsNaN(back.Metrics["m"]));
        Assert.Equal((report.Dataset, report.Resolution, report.Elapsed), (back.Dataset, back.Resolution, back.Elapsed));
    }

    [Fact]
    public void Constructor_DuplicateMetric_Throws() =>
        Assert.Throws<ArgumentException>(() => Report(("a", 1), ("a", 2)));
}
