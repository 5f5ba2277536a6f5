using Microsoft.Extensions.DependencyInjection;
using TwinGan.Embedder;
using TwinGan.Search;
using TwinGan.Trainer;
using TwinGan.Translator;

namespace TwinGan.Deploy.Tests.Configuration;

/// <summary>A TwinGan service as the manifests name it, with its proto name and its real registration.</summary>
public sealed record ServiceUnderTest(string Id, string ProtoName, Action<IServiceCollection> Register)
{
    /// <summary>Deployment, Service, ServiceAccount, PDB, HPA and NetworkPolicy name.</summary>
    public string Name => $"twingan-{Id}";

    /// <summary>The container's name in the pod.</summary>
    public string Container => Id;

    public override string ToString() => Id;
}

public static class ServiceCatalog
{
    public static readonly ServiceUnderTest Translator = new("translator", TranslatorRegistration.ServiceName, s => s.AddTranslator());
    public static readonly ServiceUnderTest Embedder = new("embedder", EmbedderRegistration.ServiceName, s => s.AddEmbedder());
    public static readonly ServiceUnderTest Search = new("search", SearchRegistration.ServiceName, s => s.AddSearch());
    public static readonly ServiceUnderTest Trainer = new("trainer", TrainerRegistration.ServiceName, s => s.AddTrainer());

    public static readonly ServiceUnderTest[] All = [Translator, Embedder, Search, Trainer];

    public static ServiceUnderTest Get(string shortName) => All.Single(s => s.Id == shortName);

    /// <summary>Service short names as xunit theory data.</summary>
    public static TheoryData<string> Names => [.. All.Select(s => s.Id)];

    /// <summary>Overlay × service as xunit theory data.</summary>
    public static TheoryData<string, string> OverlaysAndNames()
    {
        var data = new TheoryData<string, string>();
        foreach (var overlay in Rendering.Renderer.Overlays)
            foreach (var service in All) data.Add(overlay, service.Id);
        return data;
    }
}
