namespace TwinGan.Training;

/// <summary>
/// Where one domain's training images come from (the Trainer's <c>DomainDataset</c>): image folders, optionally
/// labelled by a labels CSV or a CelebA attribute file, or the built-in twin-faces dataset generated from the seed.
/// </summary>
/// <param name="Domain">The domain these images define; one of <see cref="TwinGan.Model.Options.ModelOptions.Domains"/>.</param>
/// <param name="Roots">Image folders (jpg/png/webp, recursive); empty when <paramref name="Builtin"/> is set.</param>
/// <param name="LabelsCsv">Optional labels CSV (<c>file[,domain],&lt;attribute&gt;...</c>) for attribute conditioning.</param>
/// <param name="CelebAAttributes">Optional <c>list_attr_celeba.txt</c>; its folder must hold <c>img_align_celeba/</c>,
/// which (or whose parent) is the single root.</param>
/// <param name="Builtin"><see cref="TwinFacesPhoto"/> or <see cref="TwinFacesAnime"/>: the twin-faces train split,
/// <see cref="RunSpec.BuiltinTrainCount"/> images generated from the run seed, no files needed.</param>
/// <param name="FaceCrop">Detect and crop faces while loading (OpenCV cascade, centre-crop fallback).</param>
public sealed record DomainDataSpec(
    string Domain,
    IReadOnlyList<string> Roots,
    string? LabelsCsv = null,
    string? CelebAAttributes = null,
    string? Builtin = null,
    bool FaceCrop = false)
{
    /// <summary>The photo-like domain of the built-in twin-faces dataset.</summary>
    public const string TwinFacesPhoto = "twin-faces/photo";

    /// <summary>The anime-like domain of the built-in twin-faces dataset.</summary>
    public const string TwinFacesAnime = "twin-faces/anime";

    /// <summary>A built-in twin-faces domain (<see cref="TwinFacesPhoto"/> or <see cref="TwinFacesAnime"/>).</summary>
    public static DomainDataSpec ForBuiltin(string domain, string builtin) => new(domain, [], Builtin: builtin);

    /// <summary>Checks the fields that need no file system; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Domain))
            throw new ArgumentException("A data spec needs a domain name.", nameof(Domain));
        if (Roots is null)
            throw new ArgumentException($"Domain '{Domain}': Roots must not be null (use an empty list with Builtin).", nameof(Roots));
        if (Builtin is not null)
        {
            if (Builtin is not (TwinFacesPhoto or TwinFacesAnime))
                throw new ArgumentException($"Domain '{Domain}': unknown builtin dataset '{Builtin}'; expected {TwinFacesPhoto} or {TwinFacesAnime}.", nameof(Builtin));
            if (Roots.Count > 0 || LabelsCsv is not null || CelebAAttributes is not null)
                throw new ArgumentException($"Domain '{Domain}': a builtin dataset takes no Roots, LabelsCsv or CelebAAttributes.", nameof(Builtin));
            return;
        }
        if (Roots.Count == 0)
            throw new ArgumentException($"Domain '{Domain}': give at least one image folder in Roots, or a Builtin dataset.", nameof(Roots));
        if (Roots.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException($"Domain '{Domain}': Roots contains an empty path.", nameof(Roots));
        if (LabelsCsv is not null && CelebAAttributes is not null)
            throw new ArgumentException($"Domain '{Domain}': give LabelsCsv or CelebAAttributes, not both.", nameof(CelebAAttributes));
        if (CelebAAttributes is not null && Roots.Count != 1)
            throw new ArgumentException($"Domain '{Domain}': CelebAAttributes labels exactly one root (the CelebA folder), got {Roots.Count}.", nameof(CelebAAttributes));
    }
}
