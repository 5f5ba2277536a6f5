namespace TwinGan.Testing;

/// <summary>Finds the repository and the build outputs of the hosts the tests start as processes.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration this test assembly was built in, so hosts match it.</summary>
    public static string Configuration { get; } = FindConfiguration();

    public static string ServiceDll(string service) =>
        Existing(Path.Combine(Root, "services", service, "bin", Configuration, "net10.0", $"TwinGan.{service}.dll"));

    public static string CliDll() => Existing(Path.Combine(Root, "cli", "TwinGan.Cli", "bin", Configuration, "net10.0", "twingan.dll"));

    private static string Existing(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"Host not built: {path}. Build TwinGan.sln first.", path);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TwinGan.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException($"TwinGan.sln not found above {AppContext.BaseDirectory}");
    }

    private static string FindConfiguration()
    {
        var parts = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var bin = Array.LastIndexOf(parts, "bin");
        return bin >= 0 && bin + 1 < parts.Length ? parts[bin + 1] : "Debug";
    }
}
