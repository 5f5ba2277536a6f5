using System.Globalization;
using System.Text;
using TwinGan.Evaluation.Reporting;

namespace TwinGan.Benchmarks.Quality;

/// <summary>Issue 4's quality-bar targets, checked against the reports of TwinGAN and (when run) the ablation.</summary>
internal static class QualityBar
{
    private static readonly string[] Attributes = ["hair_length", "yaw", "glasses", "expression"];
    private static readonly string[] Layouts = ["flattened", "pooled"];
    private static readonly string[] Means = ["AttrAcc/photo2anime/mean", "AttrAcc/anime2photo/mean"];

    public static string ToMarkdown(EvaluationReport twinGan, EvaluationReport? ablation)
    {
        var rows = new List<(string Target, string Value, bool? Met)>();
        var recall = Best(twinGan, "Retrieval/recall@1/{0}/photo2anime");
        rows.Add(("recall@1 of the true twin >= 0.5 (best layout, photo2anime; chance 1/N)", F(recall), recall >= 0.5));
        foreach (var attribute in Attributes)
        {
            var value = Get(twinGan, $"AttrAcc/photo2anime/{attribute}");
            rows.Add(($"attribute preservation photo2anime {attribute} >= 0.8 (classifier on real anime: {F(Get(twinGan, $"AttrAcc/real/anime/{attribute}"))})", F(value), value >= 0.8));
        }
        var swd = Get(twinGan, "Swd/photo2anime");
        var floor = Get(twinGan, "Swd/floor/anime");
        rows.Add(("SWD photo2anime well above the real-vs-real floor", $"{F(swd)} vs floor {F(floor)} ({F(swd / floor)}x)", swd > 2 * floor));
        if (ablation is not null)
        {
            foreach (var name in Means)
                rows.Add(($"TwinGAN ahead of the ablation on {name}", $"{F(Get(twinGan, name))} vs {F(Get(ablation, name))}", Get(twinGan, name) > Get(ablation, name)));
            var ablationRecall = Best(ablation, "Retrieval/recall@1/{0}/photo2anime");
            rows.Add(("TwinGAN ahead of the ablation on recall@1 (best layout)", $"{F(recall)} vs {F(ablationRecall)}", recall > ablationRecall));
            var ablationSwd = Get(ablation, "Swd/photo2anime");
            rows.Add(("SWD photo2anime below the ablation's", $"{F(swd)} vs {F(ablationSwd)}", swd < ablationSwd));
        }
        var text = new StringBuilder("| target | TwinGAN (vs ablation) | met |\n|---|---|---|\n");
        foreach (var (target, value, met) in rows)
            text.Append(CultureInfo.InvariantCulture, $"| {target} | {value} | {(met switch { true => "yes", false => "**no**", null => "–" })} |\n");
        return text.ToString();
    }

    private static double Best(EvaluationReport report, string pattern) =>
        Layouts.Max(layout => Get(report, string.Format(CultureInfo.InvariantCulture, pattern, layout)));

    private static double Get(EvaluationReport report, string name) => report.Metrics.TryGetValue(name, out var value) ? value : double.NaN;

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
