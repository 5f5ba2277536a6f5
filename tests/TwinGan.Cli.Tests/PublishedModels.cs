using TwinGan.Model;
using TwinGan.Model.Bundles;
using TwinGan.Model.Options;
using TwinGan.ServiceDefaults.Registry;

namespace TwinGan.Cli.Tests;

/// <summary>
/// Lays out a File-provider data folder (<c>models/&lt;name&gt;/&lt;version&gt;/</c> + <c>registry/</c>) with a real but
/// tiny, untrained TwinGAN bundle (16 px, tiny channel plan), as tests/TwinGan.Services.Tests makes them: the CLI's
/// client path is what is tested, not the model's quality.
/// </summary>
internal static class PublishedModels
{
    public const string Name = "faces";
    public const int Resolution = 16;
    public static readonly string[] Domains = ["photo", "anime"];

    /// <summary>Saves a fresh tiny model as <paramref name="version"/> under <paramref name="dataRoot"/> and makes it current.</summary>
    public static async Task AddAsync(string dataRoot, string version, long seed)
    {
        var options = ModelOptions.TwinGan(Domains, Resolution, ChannelPlan.Tiny);
        using (var model = TwinGanModel.Create(options, seed))
            ModelBundle.Save(ModelBundle.DirectoryFor(Path.Combine(dataRoot, "models"), Name, version), model, new BundleInfo(Name, version));
        await new FileModelRegistry(dataRoot).SetCurrentVersionAsync(Name, version);
    }
}
