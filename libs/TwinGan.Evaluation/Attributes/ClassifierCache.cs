using System.Globalization;

namespace TwinGan.Evaluation.Attributes;

/// <summary>
/// One attribute classifier per target domain, trained on first use. With a cache directory the weights are
/// stored under a key of (dataset, domain, resolution, training-set size, seed, training options, architecture
/// version), so periodic evaluation and later runs load instead of retraining.
/// </summary>
internal sealed class ClassifierCache(EvaluationData data, ClassifierOptions options, long seed, Action<string>? log) : IDisposable
{
    /// <summary>Bump when <see cref="AttributeNet"/> or the training procedure changes: old caches stop matching.</summary>
    private const int ArchitectureVersion = 1;
    private readonly Dictionary<string, AttributeClassifier> loaded = new(StringComparer.Ordinal);

    public AttributeClassifier Get(DomainData domain, CancellationToken cancellationToken)
    {
        if (loaded.TryGetValue(domain.Name, out var classifier))
            return classifier;
        var directory = options.CacheDirectory is null ? null : Path.Combine(options.CacheDirectory, Key(domain));
        classifier = (directory is null ? null : AttributeClassifier.TryLoad(directory))
            ?? Train(domain, directory, cancellationToken);
        return loaded[domain.Name] = classifier;
    }

    internal string Key(DomainData domain) => string.Create(CultureInfo.InvariantCulture,
        $"{Safe(data.Name)}-{Safe(domain.Name)}-{data.Resolution}px-n{domain.ClassifierTrainCount}-seed{seed}-{options.Fingerprint}-v{ArchitectureVersion}");

    public void Dispose()
    {
        foreach (var classifier in loaded.Values)
            classifier.Dispose();
        loaded.Clear();
    }

    private AttributeClassifier Train(DomainData domain, string? directory, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        log?.Invoke($"Training the {domain.Name} attribute classifier: {domain.ClassifierTrainCount} images at {data.Resolution} px, {options.Epochs} epochs.");
        var classifier = AttributeClassifier.Train(domain.ClassifierTrain, domain.Schema, data.Resolution, options, seed, cancellationToken);
        log?.Invoke($"Trained the {domain.Name} attribute classifier in {clock.Elapsed.TotalSeconds:F0} s{(directory is null ? "" : $"; cached in {directory}")}.");
        if (directory is null)
            return classifier;
        // Written beside the final place and moved in, so a concurrent or killed run never leaves half a classifier.
        var staging = directory + ".staging-" + Guid.NewGuid().ToString("N");
        classifier.Save(staging);
        try
        {
            Directory.Move(staging, directory);
        }
        catch (IOException) when (Directory.Exists(directory))
        {
            Directory.Delete(staging, recursive: true);
        }
        return classifier;
    }

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
