using TwinGan.Model;
using TwinGan.Model.Bundles;
using TwinGan.Model.Options;
using TwinGan.ServiceDefaults.Registry;

namespace TwinGan.Services.Tests.Serving;

/// <summary>
/// A data folder laid out as the File provider expects (<c>models/&lt;name&gt;/&lt;version&gt;/</c> + <c>registry/</c>) with
/// real TwinGAN bundles: tiny, untrained networks (16 px, tiny channel plan) — the serving path is what is tested.
/// </summary>
internal sealed class PublishedModels : IDisposable
{
    public const string Name = "faces";
    public static readonly string[] Domains = ["photo", "anime"];

    public PublishedModels()
    {
        Root = Directory.CreateTempSubdirectory("twingan-models-").FullName;
        Registry = new FileModelRegistry(Root);
    }

    public string Root { get; }

    public FileModelRegistry Registry { get; }

    /// <summary>Saves a fresh tiny model as <paramref name="version"/>; <paramref name="publish"/> also makes it current.</summary>
    public async Task AddAsync(string version, long seed, bool publish = true)
    {
        var options = ModelOptions.TwinGan(Domains, 16, ChannelPlan.Tiny);
        using (var model = TwinGanModel.Create(options, seed))
            ModelBundle.Save(ModelBundle.DirectoryFor(Path.Combine(Root, "models"), Name, version), model, new BundleInfo(Name, version));
        if (publish) await Registry.SetCurrentVersionAsync(Name, version);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
