using TwinGan.Hnsw;

namespace TwinGan.Hnsw.Tests;

public class VectorMathTests
{
    private delegate float Kernel(ref float a, ref float b, int n);

    public static TheoryData<string> Kernels => ["dot", "dot512", "dot256", "l2", "l2-512", "l2-256"];

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_EveryLength1To300_MatchesScalarReference(string name)
    {
        var random = new Random(7);
        var a = new float[300];
        var b = new float[300];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = TestData.Gaussian(random);
            b[i] = TestData.Gaussian(random);
        }
        var (kernel, isL2, minLength) = Resolve(name);
        for (var n = minLength; n <= 300; n++)
        {
            double expected = 0, scale = 0;
            for (var i = 0; i < n; i++)
            {
                var term = isL2 ? (a[i] - (double)b[i]) * (a[i] - (double)b[i]) : a[i] * (double)b[i];
                expected += term;
                scale += Math.Abs(term);
            }
            var actual = kernel(ref a[0], ref b[0], n);
            Assert.True(Math.Abs(actual - expected) <= 1e-5 * (scale + 1), $"{name} length {n}: {actual} vs {expected}");
        }
    }

    [Fact]
    public void Distance_PerMetric_MatchesDefinition()
    {
        float[] a = [3, 4];
        float[] b = [4, 3];
        Assert.Equal(2f, VectorMath.Distance(DistanceMetric.L2, a, b), 5);
        Assert.Equal(1f - 24f, VectorMath.Distance(DistanceMetric.InnerProduct, a, b), 5);
        Assert.Equal(1f - (24f / 25f), VectorMath.Distance(DistanceMetric.Cosine, a, b), 5);
    }

    [Fact]
    public void Normalize_ZeroVector_Throws()
    {
        var destination = new float[3];
        Assert.Throws<ArgumentException>(() => VectorMath.Normalize(new float[3], destination));
    }

    [Fact]
    public void Dot_LengthMismatch_Throws()
    {
        Assert.Throws<ArgumentException>(() => VectorMath.Dot(new float[3], new float[4]));
    }

    private static (Kernel Kernel, bool IsL2, int MinLength) Resolve(string name) => name switch
    {
        "dot" => (VectorMath.Dot, false, 1),
        "dot512" => ((ref float a, ref float b, int n) => VectorMath.Dot512(ref a, ref b, (nuint)n), false, 16),
        "dot256" => ((ref float a, ref float b, int n) => VectorMath.Dot256(ref a, ref b, (nuint)n), false, 8),
        "l2" => (VectorMath.L2Squared, true, 1),
        "l2-512" => ((ref float a, ref float b, int n) => VectorMath.L2Squared512(ref a, ref b, (nuint)n), true, 16),
        "l2-256" => ((ref float a, ref float b, int n) => VectorMath.L2Squared256(ref a, ref b, (nuint)n), true, 8),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
