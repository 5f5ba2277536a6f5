namespace TwinGan.Data.TwinFaces;

/// <summary>
/// The labels of the twin-faces dataset: attribute name → classes (docs/datasets.md has the table). Continuous
/// yaw and tilt are binned; domain-only features are <see cref="AttributeDefinition.NotApplicable"/> in the
/// other domain.
/// </summary>
public static class TwinFacesSchema
{
    /// <summary>|yaw| above this is "left"/"right": a third of the range each side of frontal.</summary>
    public const float YawBinDegrees = 10f;

    /// <summary>|tilt| above this is "left"/"right".</summary>
    public const float TiltBinDegrees = 4f;

    private static readonly string[] NoYes = ["no", "yes"];

    public static AttributeSchema Schema { get; } = new(
    [
        new("hair_color", ["black", "brown", "blonde", "red", "grey", "pink", "blue", "green", "purple"]),
        new("hair_length", ["short", "medium", "long"]),
        new("hair_style", ["straight", "fringe", "ponytail", "twin_tails"]),
        new("yaw", ["left", "frontal", "right"]),
        new("tilt", ["left", "level", "right"]),
        new("expression", ["neutral", "smile", "open_mouth"]),
        new("glasses", NoYes),
        new("eye_color", ["brown", "blue", "green", "grey"]),
        new("skin_tone", ["light", "medium", "tan", "dark"]),
        new("background", ["grey", "blue", "green", "yellow", "pink"]),
        new("beard", NoYes),
        new("wrinkles", NoYes),
        new("freckles", NoYes),
        new("blush", NoYes),
        new("hair_ornament", ["none", "ribbon", "clip"]),
    ]);

    /// <summary>The label vector of a latent as rendered in <paramref name="domain"/>, in <see cref="Schema"/> order.</summary>
    public static int[] Labels(FaceLatent latent, FaceDomain domain)
    {
        ArgumentNullException.ThrowIfNull(latent);
        bool photo = domain == FaceDomain.Photo;
        const int na = AttributeDefinition.NotApplicable;
        return
        [
            (int)latent.HairColor,
            (int)latent.HairLength,
            (int)latent.HairStyle,
            Bin(latent.YawDegrees, YawBinDegrees),
            Bin(latent.TiltDegrees, TiltBinDegrees),
            (int)latent.Expression,
            latent.Glasses ? 1 : 0,
            (int)latent.EyeColor,
            (int)latent.SkinTone,
            (int)latent.Background,
            photo ? (latent.Beard ? 1 : 0) : na,
            photo ? (latent.Wrinkles ? 1 : 0) : na,
            photo ? (latent.Freckles ? 1 : 0) : na,
            photo ? na : (latent.Blush ? 1 : 0),
            photo ? na : (int)latent.Ornament,
        ];
    }

    private static int Bin(float degrees, float threshold) => degrees < -threshold ? 0 : degrees > threshold ? 2 : 1;
}
