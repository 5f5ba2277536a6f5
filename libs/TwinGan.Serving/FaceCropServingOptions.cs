using TwinGan.Data.Augmentation;

namespace TwinGan.Serving;

/// <summary>The face detector behind <c>face_crop</c>, bound from <c>Serving:FaceCrop</c>.</summary>
public sealed class FaceCropServingOptions
{
    public const string Section = "Serving:FaceCrop";

    /// <summary>Folder of OpenCV's Haar cascades (Debian's opencv-data); missing means centre-crop fallback, logged once.</summary>
    public string CascadeDirectory { get; set; } = FaceCropOptions.DefaultCascadeDirectory;
}
