using TwinGan.Model.Training;

namespace TwinGan.Training;

/// <summary>
/// Hierarchical loss names of the run's stats (stylegan3's <c>Loss/G/...</c>): <c>Loss/{G|D}/{term}/{domain}</c>
/// for every term of <see cref="StepLosses"/>, plus <c>Loss/G/total</c> and <c>Loss/D/total</c> summed over domains.
/// </summary>
public static class LossNames
{
    public const string GeneratorTotal = "Loss/G/total";
    public const string DiscriminatorTotal = "Loss/D/total";

    public static IReadOnlyDictionary<string, double> Of(StepLosses losses)
    {
        ArgumentNullException.ThrowIfNull(losses);
        var names = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (domain, g) in losses.Generator)
        {
            names[$"Loss/G/recon/{domain}"] = g.Reconstruction;
            names[$"Loss/G/recon_gan/{domain}"] = g.ReconstructionGan;
            names[$"Loss/G/translation_gan/{domain}"] = g.TranslationGan;
            names[$"Loss/G/semantic/{domain}"] = g.SemanticConsistency;
            names[$"Loss/G/attributes/{domain}"] = g.Attributes;
            names[$"Loss/G/total/{domain}"] = g.Total;
        }
        foreach (var (domain, d) in losses.Discriminator)
        {
            names[$"Loss/D/adversarial/{domain}"] = d.Adversarial;
            names[$"Loss/D/gp/{domain}"] = d.GradientPenalty;
            names[$"Loss/D/attributes/{domain}"] = d.Attributes;
            names[$"Loss/D/total/{domain}"] = d.Total;
        }
        names[GeneratorTotal] = losses.Generator.Values.Sum(g => g.Total);
        names[DiscriminatorTotal] = losses.Discriminator.Values.Sum(d => d.Total);
        return names;
    }
}

/// <summary>Running means of named values between two reports.</summary>
internal sealed class LossAverager
{
    private readonly Dictionary<string, (double Sum, int Count)> sums = new(StringComparer.Ordinal);

    public bool IsEmpty => sums.Count == 0;

    public void Add(IReadOnlyDictionary<string, double> values)
    {
        foreach (var (name, value) in values)
        {
            var (sum, count) = sums.GetValueOrDefault(name);
            sums[name] = (sum + value, count + 1);
        }
    }

    /// <summary>The means so far; starts a new interval.</summary>
    public IReadOnlyDictionary<string, double> Take()
    {
        var means = sums.ToDictionary(s => s.Key, s => s.Value.Sum / s.Value.Count, StringComparer.Ordinal);
        sums.Clear();
        return means;
    }
}
