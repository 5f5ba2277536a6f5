namespace TwinGan.Data.TwinFaces;

/// <summary>
/// Draws latents. Photo latents use natural hair colours and styles only; anime latents use all of them; the
/// paired split uses the shared subset so that both renderings of one latent are legal in their domain.
/// Discrete attributes are uniform (balanced classes for the attribute classifiers) except the optional extras.
/// </summary>
public static class LatentSampler
{
    private static readonly HairColor[] NaturalHair = [HairColor.Black, HairColor.Brown, HairColor.Blonde, HairColor.Red, HairColor.Grey];
    private static readonly HairColor[] AllHair = Enum.GetValues<HairColor>();
    private static readonly HairStyle[] SharedStyles = [HairStyle.Straight, HairStyle.Fringe, HairStyle.Ponytail];
    private static readonly HairStyle[] AllStyles = Enum.GetValues<HairStyle>();

    /// <summary>A latent for the unpaired training split of <paramref name="domain"/>.</summary>
    public static FaceLatent Sample(FaceDomain domain, Rng rng) =>
        domain == FaceDomain.Anime ? Sample(rng, AllHair, AllStyles) : Sample(rng, NaturalHair, SharedStyles);

    /// <summary>A latent that both domains can render: the paired test split.</summary>
    public static FaceLatent SampleShared(Rng rng) => Sample(rng, NaturalHair, SharedStyles);

    private static FaceLatent Sample(Rng rng, HairColor[] hair, HairStyle[] styles)
    {
        ArgumentNullException.ThrowIfNull(rng);
        return new FaceLatent(
            HairColor: rng.Pick(hair),
            HairLength: (HairLength)rng.Next(3),
            HairStyle: rng.Pick(styles),
            YawDegrees: rng.Range(-FaceLatent.MaxYawDegrees, FaceLatent.MaxYawDegrees),
            TiltDegrees: rng.Range(-FaceLatent.MaxTiltDegrees, FaceLatent.MaxTiltDegrees),
            Expression: (Expression)rng.Next(3),
            Glasses: rng.Chance(0.35),
            EyeColor: (EyeColor)rng.Next(4),
            SkinTone: (SkinTone)rng.Next(4),
            Background: (BackgroundColor)rng.Next(5),
            Beard: rng.Chance(0.3),
            Wrinkles: rng.Chance(0.3),
            Freckles: rng.Chance(0.3),
            Blush: rng.Chance(0.5),
            Ornament: (HairOrnament)rng.Next(3),
            DetailSeed: rng.NextUInt64());
    }
}
