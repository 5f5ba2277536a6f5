using OpenCvSharp;

namespace TwinGan.Data.Augmentation;

/// <summary>The face detector cannot run here (native library or cascade file missing).</summary>
public sealed class FaceDetectorUnavailableException : Exception
{
    public FaceDetectorUnavailableException()
    {
    }

    public FaceDetectorUnavailableException(string message)
        : base(message)
    {
    }

    public FaceDetectorUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Checks that OpenCvSharp's native library loads and a cascade file exists, with the Debian fix in the message.</summary>
public static class OpenCvRuntime
{
    private static readonly Lazy<string?> NativeProblem = new(ProbeNative);

    /// <summary>Null when face detection can run with <paramref name="cascadePath"/>; otherwise why not.</summary>
    public static string? Problem(string cascadePath)
    {
        if (NativeProblem.Value is { } native)
            return native;
        return File.Exists(cascadePath)
            ? null
            : $"Cascade file '{cascadePath}' not found: install Debian's opencv-data (apt-get install -y opencv-data) or configure the cascade path.";
    }

    private static string? ProbeNative()
    {
        try
        {
            _ = Cv2.GetVersionString();
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException or EntryPointNotFoundException)
        {
            return $"OpenCV native library failed to load ({e.GetBaseException().Message}): install libgtk-3-0 (apt-get install -y libgtk-3-0), which libOpenCvSharpExtern.so links against.";
        }
    }
}
