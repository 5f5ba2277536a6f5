namespace TwinGan.Model.Training;

/// <summary>One domain's images (N, 3, R, R) in [-1, 1] and, with attribute conditioning, its 0/1 labels (N, A).</summary>
public sealed record DomainBatch(TorchSharp.torch.Tensor Images, TorchSharp.torch.Tensor? Attributes = null);

/// <summary>Generator/encoder terms whose source images come from one domain d (other domain o).</summary>
/// <param name="Reconstruction">L1(x, G_d(E_d(x))), unweighted.</param>
/// <param name="ReconstructionGan">GAN loss of D_d on the reconstruction (0 below the configured resolution).</param>
/// <param name="TranslationGan">Non-saturating GAN loss of D_o on G_o(E_d(x)).</param>
/// <param name="SemanticConsistency">L1(E_d(x), E_o(G_o(E_d(x)))) on the bottleneck.</param>
/// <param name="Attributes">Attribute classification of the translation by D_o (0 without attributes).</param>
/// <param name="Total">Weighted sum of the above, what was backpropagated for this domain.</param>
public sealed record GeneratorLosses(double Reconstruction, double ReconstructionGan, double TranslationGan, double SemanticConsistency, double Attributes, double Total);

/// <summary>Terms of discriminator D_d.</summary>
/// <param name="Adversarial">GAN loss on real d images vs translations into d (and reconstructions of d).</param>
/// <param name="GradientPenalty">DRAGAN penalty at perturbed real images, unweighted.</param>
/// <param name="Attributes">Attribute classification of real d images (0 without attributes).</param>
/// <param name="Total">Weighted sum, what was backpropagated for this discriminator.</param>
public sealed record DiscriminatorLosses(double Adversarial, double GradientPenalty, double Attributes, double Total);

/// <summary>Every loss term of one training step, keyed by domain, and the progress after it.</summary>
public sealed record StepLosses(
    IReadOnlyDictionary<string, GeneratorLosses> Generator,
    IReadOnlyDictionary<string, DiscriminatorLosses> Discriminator,
    ProgressState Progress)
{
    /// <summary>Flat hierarchical stats (stylegan3's naming, e.g. <c>Loss/G/photo/recon</c>) for an append-only log.</summary>
    public IReadOnlyDictionary<string, double> ToStats()
    {
        var stats = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (domain, g) in Generator)
        {
            stats[$"Loss/G/{domain}/recon"] = g.Reconstruction;
            stats[$"Loss/G/{domain}/recon_gan"] = g.ReconstructionGan;
            stats[$"Loss/G/{domain}/translation_gan"] = g.TranslationGan;
            stats[$"Loss/G/{domain}/semantic"] = g.SemanticConsistency;
            stats[$"Loss/G/{domain}/attributes"] = g.Attributes;
            stats[$"Loss/G/{domain}/total"] = g.Total;
        }
        foreach (var (domain, d) in Discriminator)
        {
            stats[$"Loss/D/{domain}/adversarial"] = d.Adversarial;
            stats[$"Loss/D/{domain}/gp"] = d.GradientPenalty;
            stats[$"Loss/D/{domain}/attributes"] = d.Attributes;
            stats[$"Loss/D/{domain}/total"] = d.Total;
        }
        stats["Progress/resolution"] = Progress.Resolution;
        stats["Progress/alpha"] = Progress.Alpha;
        stats["Progress/images_seen"] = Progress.ImagesSeen;
        return stats;
    }
}
