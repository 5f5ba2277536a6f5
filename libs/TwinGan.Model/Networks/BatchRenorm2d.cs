using TorchSharp;
using TorchSharp.Modules;
using TwinGan.Model.Options;
using static TorchSharp.torch;

namespace TwinGan.Model.Networks;

/// <summary>
/// Batch renormalisation (Ioffe 2017, algorithm 1): in training, x̂ = (x - μ_B) / σ_B * r + d with r, d computed
/// from the running statistics, clipped to [1/r_max, r_max] and [-d_max, d_max] and treated as constants.
/// With r_max = 1, d_max = 0 it is batch norm. Inference uses the running statistics.
/// </summary>
internal sealed class BatchRenorm2d : nn.Module<Tensor, Tensor>
{
    private static readonly Scalar Eps = 1e-5.ToScalar();
    private static readonly Scalar Momentum = 0.01.ToScalar();
    private static readonly Scalar Retain = (1 - 0.01).ToScalar();

    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor running_mean;
    private readonly Tensor running_var;

    public BatchRenorm2d(string name, long channels) : base(name)
    {
        weight = new Parameter(ones(channels));
        bias = new Parameter(zeros(channels));
        running_mean = zeros(channels);
        running_var = ones(channels);
        RegisterComponents();
    }

    /// <summary>Current clipping; the training step sets it from <see cref="RenormSchedule"/> every step.</summary>
    public RenormClipping Clipping { get; set; } = new(1.0, 1.0, 0.0);

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var normalised = training ? TrainNormalise(input) : (input - View(running_mean)) / View((running_var + Eps).sqrt());
        return (normalised * View(weight) + View(bias)).MoveToOuterDisposeScope();
    }

    private Tensor TrainNormalise(Tensor input)
    {
        var mean = input.mean([0, 2, 3]);
        var variance = input.var([0, 2, 3], unbiased: false);
        var std = (variance + Eps).sqrt();
        var runningStd = (running_var + Eps).sqrt();
        using var rMin = Clipping.RMin.ToScalar();
        using var rMax = Clipping.RMax.ToScalar();
        using var dMin = (-Clipping.DMax).ToScalar();
        using var dMax = Clipping.DMax.ToScalar();
        var r = (std.detach() / runningStd).clamp(rMin, rMax);
        var d = ((mean.detach() - running_mean) / runningStd).clamp(dMin, dMax);
        using (no_grad())
        {
            running_mean.mul_(Retain).add_(mean.detach(), alpha: Momentum);
            running_var.mul_(Retain).add_(variance.detach(), alpha: Momentum);
        }
        return ((input - View(mean)) / View(std) * View(r)) + View(d);
    }

    private static Tensor View(Tensor perChannel) => perChannel.view(1, -1, 1, 1);
}
