using TwinGan.Data.Augmentation;

namespace TwinGan.Testing;

/// <summary>
/// A test that needs OpenCV's native library (Debian libgtk-3-0) and the cascade files (Debian opencv-data).
/// Without them it is reported as skipped with the reason; under CI (<c>CI=true</c>) it is never skipped, so a
/// missing dependency fails the run instead of passing silently.
/// </summary>
public sealed class OpenCvFactAttribute : FactAttribute
{
    public OpenCvFactAttribute()
    {
        if (Problem is { } problem && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Skip = problem;
    }

    public static string? Problem => OpenCvRuntime.Problem(FaceCropOptions.HumanFaces().CascadePath) ?? OpenCvRuntime.Problem(FaceCropOptions.CatFaces().CascadePath);
}
