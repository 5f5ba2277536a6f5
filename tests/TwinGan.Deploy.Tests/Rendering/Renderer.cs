using System.Collections.Concurrent;

namespace TwinGan.Deploy.Tests.Rendering;

/// <summary>One schema violation reported by k8s-validate/validate.mjs.</summary>
public sealed record SchemaError(string Target, string Path, string Message)
{
    public override string ToString() => $"{Target} {Path}: {Message}";
}

/// <summary>An overlay rendered by one kustomize, with the validator's verdict.</summary>
public sealed record Rendered(string Overlay, string Kubectl, Manifest Manifest, IReadOnlyList<SchemaError> Errors);

/// <summary>
/// Renders an overlay of a copy of deploy/k8s in which the operator's secret files (deploy/k8s/base/secrets, not in
/// git) are replaced by <see cref="TestSecrets"/>, then validates the output offline. Each overlay is rendered once
/// per kubectl and test run.
/// </summary>
public static class Renderer
{
    public static readonly string[] Overlays = ["cpu", "gpu"];

    /// <summary>Values the secretGenerator reads in tests: long enough for the services' validators, hex like the docs ask.</summary>
    public static readonly IReadOnlyDictionary<string, string> TestSecrets = new Dictionary<string, string>
    {
        ["redis-password"] = "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
        ["auth-user-key"] = "a1b2c3d4e5f60718293a4b5c6d7e8f90",
        ["auth-admin-key"] = "0918273645546372819aabbccddeeff0",
    };

    private static readonly string Source = Path.Combine(RepoPaths.Root, "deploy", "k8s");
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly ConcurrentDictionary<(string, string), Lazy<Rendered>> Cache = new();

    public static Rendered Render(string overlay, string? kubectl = null)
    {
        kubectl ??= DeployTools.Kubectl;
        return Cache.GetOrAdd((overlay, kubectl), key => new Lazy<Rendered>(() => RenderUncached(key.Item1, key.Item2))).Value;
    }

    /// <summary>Runs the schema validator on a YAML file: the objects it parsed and the violations it found.</summary>
    public static (Manifest Manifest, IReadOnlyList<SchemaError> Errors) Validate(string yamlFile)
    {
        var node = DeployTools.Node ?? throw new InvalidOperationException(DeployTools.Missing);
        var output = Tool.Run(node, [DeployTools.ValidatorScript, yamlFile], DeployTools.ValidatorDirectory, Timeout);
        var result = JsonNode.Parse(output)!.AsObject();
        var objects = result["objects"]!.AsArray().Select(o => o!.AsObject()).ToList();
        var errors = result["errors"]!.AsArray()
            .Select(e => new SchemaError((string)e!["object"]!, (string)e["path"]!, (string)e["message"]!)).ToList();
        return (new Manifest(objects), errors);
    }

    private static Rendered RenderUncached(string overlay, string kubectl)
    {
        var work = Directory.CreateTempSubdirectory("twingan-deploy-");
        try
        {
            var tree = Path.Combine(work.FullName, "k8s");
            CopyWithoutSecrets(Source, tree);
            foreach (var (file, value) in TestSecrets)
                File.WriteAllText(Path.Combine(tree, "base", "secrets", file), value);
            var yaml = Tool.Run(kubectl, ["kustomize", Path.Combine(tree, "overlays", overlay)], work.FullName, Timeout);
            var rendered = Path.Combine(work.FullName, $"{overlay}.yaml");
            File.WriteAllText(rendered, yaml);
            var (manifest, errors) = Validate(rendered);
            return new Rendered(overlay, kubectl, manifest, errors);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static void CopyWithoutSecrets(string from, string to)
    {
        var secrets = Path.Combine(from, "base", "secrets");
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            if (Path.GetDirectoryName(file) == secrets) continue;
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }
}
