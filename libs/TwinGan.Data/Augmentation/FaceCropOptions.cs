namespace TwinGan.Data.Augmentation;

/// <summary>
/// Cascade detector settings. Cascades come from Debian's <c>opencv-data</c> package by default.
/// <see cref="Margin"/> widens the detected box (Haar boxes hug brows to mouth) to include hair and chin.
/// </summary>
public sealed record FaceCropOptions(string CascadePath, double Margin = 1.8, double ScaleFactor = 1.1, int MinNeighbors = 4, double MinFaceFraction = 0.2)
{
    public const string DefaultCascadeDirectory = "/usr/share/opencv4/haarcascades";

    public static FaceCropOptions HumanFaces(string directory = DefaultCascadeDirectory) =>
        new(Path.Combine(directory, "haarcascade_frontalface_default.xml"));

    public static FaceCropOptions CatFaces(string directory = DefaultCascadeDirectory) =>
        new(Path.Combine(directory, "haarcascade_frontalcatface.xml"));
}
