using System.Globalization;
using System.Text.RegularExpressions;
using TwinGan.Deploy.Tests.Rendering;

namespace TwinGan.Deploy.Tests.Kubernetes;

/// <summary>
/// The environment a container starts with, resolved like the kubelet does: <c>envFrom</c> ConfigMaps and Secrets,
/// then <c>env</c> in order, where <c>$(NAME)</c> expands a variable defined before it (left as is otherwise) and a
/// <c>resourceFieldRef</c> to <c>limits.cpu</c> becomes the limit in whole cores.
/// Every reference to a missing ConfigMap, Secret or key is a problem, as is an unresolved <c>$(NAME)</c>.
/// </summary>
public sealed partial class PodEnvironment
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Values => values;

    /// <summary>Variables some other variable's value references through <c>$(NAME)</c>.</summary>
    public HashSet<string> Referenced { get; } = new(StringComparer.Ordinal);

    public List<string> Problems { get; } = [];

    public static PodEnvironment Resolve(Manifest manifest, JsonObject container)
    {
        var env = new PodEnvironment();
        foreach (var source in Json.Objects(container["envFrom"]))
        {
            var prefix = (string?)source["prefix"] ?? "";
            var (kind, reference) = source["configMapRef"] is { } c ? ("ConfigMap", c) : ("Secret", source["secretRef"]!);
            var data = manifest.Data(kind, (string)reference["name"]!);
            if (data is null) env.Problems.Add($"envFrom {kind} '{reference["name"]}' does not exist");
            foreach (var (key, value) in data ?? new Dictionary<string, string>()) env.values[prefix + key] = value;
        }
        foreach (var variable in Json.Objects(container["env"]))
        {
            var name = (string)variable["name"]!;
            env.values[name] = variable["valueFrom"] is { } from ? env.ValueFrom(manifest, container, name, from) : env.Expand(name, (string?)variable["value"] ?? "");
        }
        return env;
    }

    private string ValueFrom(Manifest manifest, JsonObject container, string name, JsonNode from)
    {
        if (from["fieldRef"] is { } field) return $"<fieldRef {field["fieldPath"]}>";
        if (from["resourceFieldRef"] is { } resource) return CpuLimit(container, name, resource);
        var (kind, reference) = from["secretKeyRef"] is { } s ? ("Secret", s) : ("ConfigMap", from["configMapKeyRef"]!);
        var (source, key) = ((string)reference["name"]!, (string)reference["key"]!);
        var data = manifest.Data(kind, source);
        if (data is not null && data.TryGetValue(key, out var value)) return value;
        Problems.Add($"{name}: {kind} '{source}' key '{key}' does not exist");
        return "";
    }

    /// <summary><c>limits.cpu</c> with the default divisor 1: the limit rounded up to whole cores, as the kubelet does.</summary>
    private string CpuLimit(JsonObject container, string name, JsonNode resource)
    {
        var limit = (string?)container["resources"]?["limits"]?["cpu"];
        var target = (string?)resource["containerName"] ?? (string?)container["name"];
        if ((string?)resource["resource"] != "limits.cpu" || resource["divisor"] is not null || target != (string?)container["name"] || limit is null)
        {
            Problems.Add($"{name}: only limits.cpu of its own container with a CPU limit is resolved here");
            return "";
        }
        var cores = limit.EndsWith('m') ? decimal.Parse(limit[..^1], CultureInfo.InvariantCulture) / 1000 : decimal.Parse(limit, CultureInfo.InvariantCulture);
        return decimal.Ceiling(cores).ToString(CultureInfo.InvariantCulture);
    }

    private string Expand(string name, string value) => Reference().Replace(value, m =>
    {
        var referenced = m.Groups[1].Value;
        Referenced.Add(referenced);
        if (values.TryGetValue(referenced, out var resolved)) return resolved;
        Problems.Add($"{name}: $({referenced}) is not defined before it");
        return m.Value;
    });

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)")]
    private static partial Regex Reference();
}
