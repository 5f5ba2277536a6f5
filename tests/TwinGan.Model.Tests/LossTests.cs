using TorchSharp;
using TwinGan.Model.Options;
using TwinGan.Model.Training;
using static TorchSharp.torch;

namespace TwinGan.Model.Tests;

public sealed class LossTests
{
    /// <summary>D(x) = v · tanh(W x_flat + b), float64, small enough for central differences.</summary>
    private static Tensor TinyD(Tensor x, Tensor w, Tensor b, Tensor v) => tanh(x.flatten(1).matmul(w.t()) + b).matmul(v);

    [Fact]
    public void GradientPenalty_OnTinyNet_MatchesFiniteDifferences()
    {
        torch.manual_seed(11);
        using var scope = NewDisposeScope();
        var (w, b, v) = (randn(5, 6, dtype: float64), randn(5, dtype: float64), randn(5, dtype: float64));
        var x = randn(3, 1, 2, 3, dtype: float64);

        var penalty = Losses.GradientPenalty(p => TinyD(p, w, b, v), x).item<double>();

        var expected = 0.0;
        const double h = 1e-6;
        for (var n = 0; n < 3; n++)
        {
            var squared = 0.0;
            for (var i = 0; i < 6; i++)
            {
                var (plus, minus) = (x.clone(), x.clone());
                plus.flatten(1)[n, i] += h;
                minus.flatten(1)[n, i] -= h;
                var derivative = (TinyD(plus, w, b, v)[n].item<double>() - TinyD(minus, w, b, v)[n].item<double>()) / (2 * h);
                squared += derivative * derivative;
            }
            expected += Math.Pow(Math.Sqrt(squared) - 1, 2) / 3;
        }
        Assert.Equal(expected, penalty, 1e-6);
    }

    [Fact]
    public void GradientPenalty_GradientWithRespectToWeights_MatchesFiniteDifferences()
    {
        torch.manual_seed(12);
        using var scope = NewDisposeScope();
        var w = randn(4, 6, dtype: float64).requires_grad_(true);
        var (b, v) = (randn(4, dtype: float64), randn(4, dtype: float64));
        var x = randn(2, 6, dtype: float64);

        Losses.GradientPenalty(p => TinyD(p, w, b, v), x).backward();
        var analytic = w.grad!.clone();

        const double h = 1e-6;
        using var noGrad = no_grad();
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 6; j++)
            {
                var (plus, minus) = (w.detach().clone(), w.detach().clone());
                plus[i, j] += h;
                minus[i, j] -= h;
                var numeric = (PenaltyOf(plus) - PenaltyOf(minus)) / (2 * h);
                Assert.Equal(numeric, analytic[i, j].item<double>(), 1e-5);
            }
        }

        double PenaltyOf(Tensor weights)
        {
            using var enable = enable_grad();
            return Losses.GradientPenalty(p => TinyD(p, weights, b, v), x).item<double>();
        }
    }

    [Fact]
    public void DraganPoint_Perturbation_StaysWithinHalfStdOfReal()
    {
        using var scope = NewDisposeScope();
        var real = TinyModels.Images(4, 8, 1);
        using var generator = new torch.Generator(3);

        var point = Losses.DraganPoint(real, 0.5, generator);

        var bound = 0.5 * real.std().item<float>();
        Assert.True((point - real).abs().max().item<float>() <= bound + 1e-6);
        Assert.True((point - real).abs().max().item<float>() > bound * 0.5);
    }

    [Theory]
    [InlineData(GanLossKind.NonSaturating, 1.6265233, 0.6265233, 0.3132617)]
    [InlineData(GanLossKind.Hinge, 2.0, 0.0, -1.0)]
    public void GanLosses_KnownLogits_GiveTextbookValues(GanLossKind kind, double dRealOneFakeOne, double dRealOneFakeMinusOne, double gFakeOne)
    {
        using var scope = NewDisposeScope();
        var (one, minusOne) = (ones(1), -ones(1));

        Assert.Equal(dRealOneFakeOne, Losses.Discriminator(one, one, kind).item<float>(), 5);
        Assert.Equal(dRealOneFakeMinusOne, Losses.Discriminator(one, minusOne, kind).item<float>(), 5);
        Assert.Equal(gFakeOne, Losses.Generator(one, kind).item<float>(), 5);
    }

    [Fact]
    public void EmaUpdate_OneStep_IsBetaWeightedAverage()
    {
        using var scope = NewDisposeScope();
        using var ema = nn.Linear(2, 1);
        using var live = nn.Linear(2, 1);
        using (no_grad())
        {
            ema.weight!.copy_(tensor(new float[] { 1, 2 }).view(1, 2));
            live.weight!.copy_(tensor(new float[] { 3, -2 }).view(1, 2));
            ema.bias!.fill_(0);
            live.bias!.fill_(10);
        }

        Ema.Update(ema, live, 0.9);

        Assert.Equal(new[] { 0.9f * 1 + 0.1f * 3, 0.9f * 2 + 0.1f * -2 }, ema.weight!.data<float>().ToArray(), new FloatTolerance(1e-6f));
        Assert.Equal(1.0f, ema.bias!.item<float>(), 5);
    }

    [Fact]
    public void EmaBetaAt_RampsUpWithImagesSeenAndIsBoundedByTheConfiguredBeta()
    {
        var options = TrainingOptions.Default with { EmaBeta = 0.999 };

        // First step: nothing to average yet, the EMA takes the live weights.
        Assert.Equal(0.0, options.EmaBetaAt(0, 8), 6);
        // 3,480 images, batch 8 (a 4-minute CPU run): half-life 174 images = 21.75 steps.
        Assert.Equal(Math.Pow(0.5, 8 / 174.0), options.EmaBetaAt(3_480, 8), 12);
        Assert.True(options.EmaBetaAt(3_480, 8) < options.EmaBetaAt(20_000, 8));
        // Long runs reach the configured β and stay there.
        Assert.Equal(0.999, options.EmaBetaAt(10_000_000, 8));
        Assert.Equal(0.999, (options with { EmaRampup = 0 }).EmaBetaAt(0, 8));
        Assert.Throws<ArgumentException>(() => (options with { EmaRampup = -0.1 }).Validate());
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
