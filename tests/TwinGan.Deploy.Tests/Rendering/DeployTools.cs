namespace TwinGan.Deploy.Tests.Rendering;

/// <summary>
/// The tools scripts/deploy-deps.sh installs: kubectl binaries whose <c>kubectl kustomize</c> renders the overlays
/// (<c>TWINGAN_DEPLOY_KUBECTLS</c>, or Debian's kubectl under out/tools when a previous test.sh run installed it),
/// Node.js and the k8s-validate packages.
/// </summary>
public static class DeployTools
{
    public const string KubectlsVariable = "TWINGAN_DEPLOY_KUBECTLS";

    public static string ValidatorDirectory { get; } = Path.Combine(RepoPaths.Root, "tests", "TwinGan.Deploy.Tests", "k8s-validate");

    public static string ValidatorScript { get; } = Path.Combine(ValidatorDirectory, "validate.mjs");

    /// <summary>Renderers in order; the first is the one every check runs on.</summary>
    public static IReadOnlyList<string> Kubectls { get; } = FindKubectls();

    public static string? Node { get; } = FindOnPath("node");

    /// <summary>Null when everything is there, else what is missing and how to get it.</summary>
    public static string? Missing { get; } = FindMissing();

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string Kubectl => Kubectls.Count > 0 ? Kubectls[0] : throw new InvalidOperationException(Missing);

    private static string? FindMissing()
    {
        var missing = new List<string>();
        if (Kubectls.Count == 0) missing.Add($"kubectl with kustomize ({KubectlsVariable} unset and out/tools/kubernetes-client absent)");
        if (Node is null) missing.Add("node");
        if (!Directory.Exists(Path.Combine(ValidatorDirectory, "node_modules", "kubernetes-models")))
            missing.Add("the npm packages of tests/TwinGan.Deploy.Tests/k8s-validate");
        return missing.Count == 0
            ? null
            : $"missing {string.Join(", ", missing)}: run ./test.sh, or `source scripts/deps.sh scripts/node-deps.sh scripts/deploy-deps.sh` and call ensure_deploy_tools.";
    }

    private static List<string> FindKubectls()
    {
        var listed = Environment.GetEnvironmentVariable(KubectlsVariable);
        if (!string.IsNullOrWhiteSpace(listed))
            return listed.Split(':', StringSplitOptions.RemoveEmptyEntries).Where(File.Exists).ToList();
        var debian = Path.Combine(RepoPaths.Root, "out", "tools", "kubernetes-client", "usr", "bin", "kubectl");
        return File.Exists(debian) ? [debian] : [];
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}

/// <summary>
/// A test that needs <see cref="DeployTools"/>. Without them it is reported as skipped with the reason, except under
/// CI (<c>CI=true</c>), where it runs and fails with the same message.
/// </summary>
public sealed class DeployFactAttribute : FactAttribute
{
    public DeployFactAttribute()
    {
        if (DeployTools.Missing is not null && !DeployTools.InCi) Skip = DeployTools.Missing;
    }
}

/// <inheritdoc cref="DeployFactAttribute"/>
public sealed class DeployTheoryAttribute : TheoryAttribute
{
    public DeployTheoryAttribute()
    {
        if (DeployTools.Missing is not null && !DeployTools.InCi) Skip = DeployTools.Missing;
    }
}
