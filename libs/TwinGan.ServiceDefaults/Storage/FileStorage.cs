using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TwinGan.ServiceDefaults.Storage;

/// <summary>Helpers of the File provider: the root folder and a writability probe.</summary>
public static class FileStorage
{
    private const string ProbeFile = ".twingan-probe";

    public static string ResolveRoot(string root) => Path.GetFullPath(root);

    internal static HealthCheckResult Probe(string root)
    {
        var full = ResolveRoot(root);
        try
        {
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, ProbeFile);
            File.WriteAllText(probe, DateTimeOffset.UtcNow.ToString("O"));
            File.Delete(probe);
            return HealthCheckResult.Healthy($"file storage at {full}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"file storage root {full} is not writable: {e.Message}");
        }
    }
}
