using SkiaSharp;

namespace TwinGan.Data.TwinFaces;

/// <summary>
/// Colours per latent class and domain. Photo colours are muted and natural; anime colours are brighter and more
/// saturated versions of the same class, so a colour alone identifies the class in both domains.
/// </summary>
internal static class Palette
{
    private static readonly SKColor[] PhotoHair =
        [new(38, 32, 30), new(96, 66, 44), new(196, 164, 108), new(146, 72, 42), new(156, 154, 150)];

    private static readonly SKColor[] AnimeHair =
        [new(48, 48, 74), new(160, 96, 52), new(255, 214, 92), new(226, 58, 52), new(206, 210, 226),
         new(255, 138, 190), new(66, 128, 242), new(64, 198, 116), new(150, 86, 222)];

    private static readonly SKColor[] PhotoSkin = [new(234, 198, 172), new(206, 160, 126), new(168, 118, 84), new(108, 74, 54)];
    private static readonly SKColor[] AnimeSkin = [new(255, 230, 214), new(250, 208, 176), new(224, 172, 130), new(166, 112, 82)];
    private static readonly SKColor[] PhotoEyes = [new(92, 58, 32), new(70, 110, 160), new(74, 122, 78), new(120, 128, 136)];
    private static readonly SKColor[] AnimeEyes = [new(150, 84, 34), new(48, 120, 230), new(40, 170, 90), new(130, 140, 170)];
    private static readonly SKColor[] PhotoBackground = [new(146, 146, 146), new(112, 132, 160), new(118, 142, 112), new(184, 168, 120), new(180, 140, 146)];
    private static readonly SKColor[] AnimeBackground = [new(222, 222, 228), new(150, 202, 255), new(168, 236, 170), new(255, 238, 146), new(255, 196, 220)];

    public static SKColor Hair(HairColor color, FaceDomain domain) =>
        domain == FaceDomain.Photo ? PhotoHair[Math.Min((int)color, PhotoHair.Length - 1)] : AnimeHair[(int)color];

    public static SKColor Skin(SkinTone tone, FaceDomain domain) => (domain == FaceDomain.Photo ? PhotoSkin : AnimeSkin)[(int)tone];

    public static SKColor Eyes(EyeColor color, FaceDomain domain) => (domain == FaceDomain.Photo ? PhotoEyes : AnimeEyes)[(int)color];

    public static SKColor Background(BackgroundColor color, FaceDomain domain) =>
        (domain == FaceDomain.Photo ? PhotoBackground : AnimeBackground)[(int)color];

    /// <summary>Clothes: an unlabelled nuisance colour from the detail seed, muted for photos.</summary>
    public static SKColor Clothes(Rng rng, FaceDomain domain) =>
        SKColor.FromHsv(rng.Range(0, 360), domain == FaceDomain.Photo ? rng.Range(15, 45) : rng.Range(45, 80), domain == FaceDomain.Photo ? rng.Range(30, 70) : rng.Range(60, 95));

    public static SKColor Scale(SKColor c, float factor) =>
        new((byte)Math.Clamp(c.Red * factor, 0, 255), (byte)Math.Clamp(c.Green * factor, 0, 255), (byte)Math.Clamp(c.Blue * factor, 0, 255), c.Alpha);

    public static SKColor Mix(SKColor a, SKColor b, float t) =>
        new((byte)(a.Red + ((b.Red - a.Red) * t)), (byte)(a.Green + ((b.Green - a.Green) * t)), (byte)(a.Blue + ((b.Blue - a.Blue) * t)), (byte)(a.Alpha + ((b.Alpha - a.Alpha) * t)));

    /// <summary>Anime outlines: a dark, slightly tinted version of the fill.</summary>
    public static SKColor Ink(SKColor fill) => Mix(Scale(fill, 0.35f), new SKColor(30, 20, 30), 0.5f);
}
