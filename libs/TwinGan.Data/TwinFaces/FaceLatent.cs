namespace TwinGan.Data.TwinFaces;

public enum FaceDomain { Photo, Anime }

public enum HairColor { Black, Brown, Blonde, Red, Grey, Pink, Blue, Green, Purple }

[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Short/Long are hair lengths here, the class names of the hair_length label.")]
public enum HairLength { Short, Medium, Long }

public enum HairStyle { Straight, Fringe, Ponytail, TwinTails }

public enum Expression { Neutral, Smile, OpenMouth }

public enum EyeColor { Brown, Blue, Green, Grey }

public enum SkinTone { Light, Medium, Tan, Dark }

public enum BackgroundColor { Grey, Blue, Green, Yellow, Pink }

public enum HairOrnament { None, Ribbon, Clip }

/// <summary>
/// One face, before it is drawn in a domain. The paired test split renders one latent in both domains; training
/// splits draw independent latents per domain. Every latent carries the domain-only features of both domains
/// (beard, wrinkles, freckles for photos; blush, ornament for anime): each renderer uses its own.
/// </summary>
/// <param name="YawDegrees">Head turn, -30 (facing the viewer's left) to 30.</param>
/// <param name="TiltDegrees">Head roll, -12 to 12, positive clockwise.</param>
/// <param name="DetailSeed">Nuisance detail that has no label: clothes colour, texture noise, strand jitter.</param>
public sealed record FaceLatent(
    HairColor HairColor,
    HairLength HairLength,
    HairStyle HairStyle,
    float YawDegrees,
    float TiltDegrees,
    Expression Expression,
    bool Glasses,
    EyeColor EyeColor,
    SkinTone SkinTone,
    BackgroundColor Background,
    bool Beard,
    bool Wrinkles,
    bool Freckles,
    bool Blush,
    HairOrnament Ornament,
    ulong DetailSeed)
{
    public const float MaxYawDegrees = 30f;
    public const float MaxTiltDegrees = 12f;

    /// <summary>Hair colours the photo domain never uses: photos have natural colours only.</summary>
    public static bool IsAnimeOnly(HairColor color) => color >= HairColor.Pink;

    /// <summary>Twin tails are an anime-only style.</summary>
    public static bool IsAnimeOnly(HairStyle style) => style == HairStyle.TwinTails;
}
