using TwinGan.Model;
using TwinGan.Model.Bundles;
using TwinGan.Model.Options;
using TwinGan.ServiceDefaults.Registry;
using TwinGan.Testing;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

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

    /// <summary>Starts a Translator process on this folder and waits until its health says SERVING within <paramref name="ready"/>.</summary>
    public async Task<HostProcess> StartTranslatorAsync(TimeSpan ready, params string[] args)
    {
        var host = await HostProcess.StartServiceInAsync("Translator", Root, args);
        Assert.Equal(ServingStatus.Serving, await HealthProbe.WaitForAsync(host.Channel, "twingan.translator.v1.TranslatorService", ServingStatus.Serving, ready));
        return host;
    }

    /// <summary>
    /// Saves a fresh model as version <paramref name="version"/> of <paramref name="name"/>; <paramref name="publish"/>
    /// also makes it current. Tiny at 16 px unless <paramref name="resolution"/> and <paramref name="channels"/> say
    /// otherwise (a network slow enough to keep the model thread busy); without style encoder and attributes unless
    /// <paramref name="conditioning"/> says otherwise.
    /// </summary>
    public async Task AddAsync(
        string version, long seed, bool publish = true, string name = Name, int resolution = 16, ChannelPlan? channels = null,
        ConditioningOptions? conditioning = null)
    {
        var options = ModelOptions.TwinGan(Domains, resolution, channels ?? ChannelPlan.Tiny) with { Conditioning = conditioning ?? ConditioningOptions.None };
        using (var model = TwinGanModel.Create(options, seed))
            ModelBundle.Save(ModelBundle.DirectoryFor(Path.Combine(Root, "models"), name, version), model, new BundleInfo(name, version));
        if (publish) await Registry.SetCurrentVersionAsync(name, version);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
