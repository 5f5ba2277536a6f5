using TwinGan.Model.Bundles;

namespace TwinGan.Trainer.Models;

/// <summary>The model store folder: <c>&lt;root&gt;/&lt;name&gt;/&lt;version&gt;/</c> bundles (a shared volume in Kubernetes).</summary>
internal sealed class ModelStore(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string DirectoryFor(string name, string version) => ModelBundle.DirectoryFor(Root, name, version);

    public bool Has(string name, string version) => File.Exists(Path.Combine(DirectoryFor(name, version), BundleManifest.FileName));

    /// <summary>Model names with at least one complete bundle.</summary>
    public IReadOnlyList<string> Names() => !Directory.Exists(Root)
        ? []
        : [.. Directory.EnumerateDirectories(Root).Select(Path.GetFileName).OfType<string>()
            .Where(n => Jobs.Names.IsModelName(n) && Versions(n).Count > 0)];

    /// <summary>Complete bundles of a model (staging folders of a bundle being written are skipped).</summary>
    public IReadOnlyList<string> Versions(string name)
    {
        var dir = Path.Combine(Root, name);
        return !Directory.Exists(dir)
            ? []
            : [.. Directory.EnumerateDirectories(dir).Select(Path.GetFileName).OfType<string>()
                .Where(v => Jobs.Names.IsVersion(v) && !v.Contains(".staging-", StringComparison.Ordinal) && Has(name, v))];
    }
}
