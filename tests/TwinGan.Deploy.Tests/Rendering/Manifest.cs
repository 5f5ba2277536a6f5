using System.Text;
using System.Text.RegularExpressions;

namespace TwinGan.Deploy.Tests.Rendering;

/// <summary>A pod template of a Deployment or StatefulSet, with the workload it belongs to.</summary>
public sealed record Workload(string Kind, string Name, JsonObject Resource)
{
    public JsonObject Pod => Resource["spec"]!["template"]!.AsObject();

    public JsonObject PodSpec => Pod["spec"]!.AsObject();

    public IReadOnlyDictionary<string, string> Labels => Json.StringMap(Pod["metadata"]?["labels"]);

    public IEnumerable<JsonObject> Containers => PodSpec["containers"]!.AsArray().Select(c => c!.AsObject());

    public JsonObject Container(string name) =>
        Containers.SingleOrDefault(c => (string?)c["name"] == name) ?? throw new KeyNotFoundException($"{Kind}/{Name} has no container '{name}'");

    /// <summary>The container port with this name (e.g. <c>grpc</c>, <c>metrics</c>), or null.</summary>
    public int? Port(string portName) => Containers
        .SelectMany(c => c["ports"]?.AsArray() ?? [])
        .Where(p => (string?)p!["name"] == portName)
        .Select(p => (int?)p!["containerPort"])
        .FirstOrDefault();
}

/// <summary>The objects of one rendered overlay and the lookups the checks need.</summary>
public sealed partial class Manifest(IReadOnlyList<JsonObject> objects)
{
    public IReadOnlyList<JsonObject> Objects { get; } = objects;

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => Json.Kind(o) == kind);

    public JsonObject? Find(string kind, string name) => OfKind(kind).SingleOrDefault(o => Json.Name(o) == name);

    public JsonObject Get(string kind, string name) => Find(kind, name) ?? throw new KeyNotFoundException($"no {kind}/{name} in the render");

    public IEnumerable<Workload> Workloads => Objects
        .Where(o => Json.Kind(o) is "Deployment" or "StatefulSet")
        .Select(o => new Workload(Json.Kind(o), Json.Name(o), o));

    public Workload Workload(string name) =>
        Workloads.SingleOrDefault(w => w.Name == name) ?? throw new KeyNotFoundException($"no workload {name} in the render");

    /// <summary>Data of a ConfigMap, or the decoded data of a Secret.</summary>
    public IReadOnlyDictionary<string, string>? Data(string kind, string name)
    {
        var o = Find(kind, name);
        if (o is null) return null;
        var data = Json.StringMap(o["data"]);
        return kind == "Secret"
            ? data.ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetString(Convert.FromBase64String(kv.Value)))
            : data;
    }

    /// <summary>
    /// The whole render as canonical JSON with kustomize's content-hash suffixes removed from generated names (they
    /// differ between kustomize versions by design), objects sorted by kind and name.
    /// </summary>
    public string Canonical()
    {
        var generated = Objects.Where(o => Json.Kind(o) is "ConfigMap" or "Secret").Select(Json.Name)
            .Select(n => (Hashed: n, Base: HashSuffix().Replace(n, ""))).Where(p => p.Hashed != p.Base).ToList();
        var ordered = Objects.OrderBy(Json.Kind, StringComparer.Ordinal).ThenBy(Json.Name, StringComparer.Ordinal)
            .Select(o => Json.Canonical(o));
        var text = string.Join("\n", ordered);
        return generated.Aggregate(text, (t, p) => t.Replace($"\"{p.Hashed}\"", $"\"{p.Base}\"", StringComparison.Ordinal));
    }

    [GeneratedRegex("-[a-z0-9]{10}$")]
    private static partial Regex HashSuffix();
}
