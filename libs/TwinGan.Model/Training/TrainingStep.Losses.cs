using TwinGan.Model.Networks;
using static TorchSharp.torch;

namespace TwinGan.Model.Training;

/// <summary>The forward pass of one source domain d: E_d(x), the reconstruction G_d(E_d(x)), the translation G_o(E_d(x)).</summary>
internal sealed record DomainForward(EncoderOutput Encoded, Tensor Reconstruction, Tensor Translation);

public sealed partial class TrainingStep
{
    /// <summary>E and G on both domains; reconstructions are conditioned on the source's own look/labels,
    /// translations on the other batch's look (style) and the source's labels (attributes to preserve).</summary>
    internal DomainForward[] Forward(DomainBatch[] batches, Stage stage)
    {
        var network = model.Network;
        var result = new DomainForward[2];
        for (var d = 0; d < 2; d++)
        {
            var (x, o, n) = (batches[d].Images, 1 - d, batches[d].Images.shape[0]);
            var encoded = network.Encode(x, d, stage);
            var reconstruction = network.Decode(encoded, d, network.Condition(x, batches[d].Attributes, n, stage), stage);
            var translation = network.Decode(encoded, o, network.Condition(batches[o].Images, batches[d].Attributes, n, stage), stage);
            result[d] = new DomainForward(encoded, reconstruction, translation);
        }
        return result;
    }

    /// <summary>Section 3.3, discriminator side: D_d separates real d images from translations into d (and,
    /// from the configured resolution, reconstructions of d), plus the DRAGAN penalty and attribute terms.</summary>
    internal (Tensor Total, DiscriminatorLosses[] Terms) DiscriminatorLoss(DomainBatch[] batches, DomainForward[] forward, Stage stage)
    {
        var discriminators = model.Discriminators;
        var total = zeros(1).squeeze();
        var terms = new DiscriminatorLosses[2];
        for (var d = 0; d < 2; d++)
        {
            var real = discriminators.Judge(batches[d].Images, d, stage);
            var fakes = new List<Tensor> { discriminators.Judge(forward[1 - d].Translation.detach(), d, stage).Logits };
            if (UsesReconstructionGan(stage))
                fakes.Add(discriminators.Judge(forward[d].Reconstruction.detach(), d, stage).Logits);
            var adversarial = Losses.Discriminator(real.Logits, cat(fakes, 0), options.GanLoss);
            var dragan = Losses.DraganPoint(batches[d].Images, options.GpPerturbation, noise);
            var domain = d;
            var penalty = Losses.GradientPenalty(x => discriminators.Judge(x, domain, stage).Logits, dragan);
            var attributes = AttributeLoss(real.AttributeLogits, batches[d].Attributes);
            var sum = adversarial + Scalars.Weighted(options.GpLambda, penalty) + Scalars.Weighted(options.Weights.AttributeClassification, attributes);
            total += sum;
            terms[d] = new DiscriminatorLosses(adversarial.item<float>(), penalty.item<float>(), attributes.item<float>(), sum.item<float>());
        }
        return (total, terms);
    }

    /// <summary>Section 3.3, generator/encoder side, per source domain d (other o): reconstruction L1 (+ its GAN
    /// loss), translation GAN loss, semantic consistency of the bottleneck, and attribute preservation.</summary>
    internal (Tensor Total, GeneratorLosses[] Terms) GeneratorLoss(DomainBatch[] batches, DomainForward[] forward, Stage stage)
    {
        var (network, discriminators, w) = (model.Network, model.Discriminators, options.Weights);
        var total = zeros(1).squeeze();
        var terms = new GeneratorLosses[2];
        for (var d = 0; d < 2; d++)
        {
            var (o, f) = (1 - d, forward[d]);
            var reconstruction = Losses.L1(f.Reconstruction, batches[d].Images);
            var reconstructionGan = UsesReconstructionGan(stage)
                ? Losses.Generator(discriminators.Judge(f.Reconstruction, d, stage).Logits, options.GanLoss)
                : zeros(1).squeeze();
            var judged = discriminators.Judge(f.Translation, o, stage);
            var translationGan = Losses.Generator(judged.Logits, options.GanLoss);
            using var reencoded = network.Encode(f.Translation, o, stage);
            var semantic = Losses.L1(reencoded.Bottleneck, f.Encoded.Bottleneck);
            var attributes = AttributeLoss(judged.AttributeLogits, batches[d].Attributes);
            var sum = Scalars.Weighted(w.Reconstruction, reconstruction) + Scalars.Weighted(w.ReconstructionGan, reconstructionGan)
                + Scalars.Weighted(w.TranslationGan, translationGan) + Scalars.Weighted(w.SemanticConsistency, semantic)
                + Scalars.Weighted(w.AttributeClassification, attributes);
            total += sum;
            terms[d] = new GeneratorLosses(reconstruction.item<float>(), reconstructionGan.item<float>(), translationGan.item<float>(),
                semantic.item<float>(), attributes.item<float>(), sum.item<float>());
        }
        return (total, terms);
    }

    private bool UsesReconstructionGan(Stage stage) => stage.Resolution >= options.ReconstructionGanFromResolution;

    private static Tensor AttributeLoss(Tensor? logits, Tensor? labels) =>
        logits is not null && labels is not null ? Losses.Attributes(logits, labels) : zeros(1).squeeze();
}
