using TwinGan.Evaluation.Swd;

namespace TwinGan.Evaluation.Tests;

public sealed class SlicedWassersteinTests
{
    private static readonly SwdOptions Small = new() { PatchesPerImage = 32, DirectionRepeats = 2, DirectionsPerRepeat = 32 };

    /// <summary>Images of uniform noise, optionally blurred along rows.</summary>
    private static PlanarImages Noise(int count, int size, int seed, bool blurred = false)
    {
        var random = new Random(seed);
        var data = new float[count * 3 * size * size];
        for (var i = 0; i < data.Length; i++)
            data[i] = random.Next(256);
        if (!blurred)
            return new PlanarImages(count, size, data);
        var smooth = new float[data.Length];
        for (var plane = 0; plane < count * 3; plane++)
        {
            for (var y = 0; y < size; y++)
            {
                for (var x = 0; x < size; x++)
                {
                    float sum = 0;
                    for (var d = -1; d <= 1; d++)
                        sum += data[(plane * size * size) + (y * size) + Math.Clamp(x + d, 0, size - 1)];
                    smooth[(plane * size * size) + (y * size) + x] = sum / 3;
                }
            }
        }
        return new PlanarImages(count, size, smooth);
    }

    [Fact]
    public void Distance_IdenticalSets_IsZero()
    {
        var swd = new SlicedWasserstein(Small, seed: 1);
        var images = Noise(8, 32, 1);

        var result = swd.Distance(swd.Describe(images, "x"), swd.Describe(images, "x"));

        Assert.Equal([32, 16], result.LevelSizes);
        Assert.All(result.PerLevel, v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Distance_CorrelatedPatches_IsFarAboveSameDistribution()
    {
        // 16 px: one level, the image itself. Flat images (one value per channel plus a little noise) have fully
        // correlated 7x7 neighbourhoods; i.i.d. noise has none.
        var swd = new SlicedWasserstein(Small with { PatchesPerImage = 64 }, seed: 1);
        var a = Noise(16, 16, 1);
        var random = new Random(3);
        var flat = new PlanarImages(16, 16, [.. Enumerable.Range(0, 16 * 3).SelectMany(_ => Repeat(random.Next(200), 256, random))]);

        var same = swd.Distance(a, Noise(16, 16, 2));
        var different = swd.Distance(a, flat);

        Assert.True(same.Average > 0);
        Assert.True(different.Average > 3 * same.Average, $"flat {different.Average:F1} vs same {same.Average:F1}");
    }

    [Fact]
    public void Distance_PerChannelShiftAndScale_IsNormalisedAway()
    {
        // finalize_descriptors normalises each set on its own: an affine change of a channel does not count (PGGAN's design).
        var swd = new SlicedWasserstein(Small, seed: 1);
        var (a, b) = (Noise(8, 32, 1), Noise(8, 32, 2));
        var shifted = new PlanarImages(8, 32, [.. b.Data.Select(v => (2 * v) + 50)]);

        var plain = swd.Distance(a, b).Average;
        var affine = swd.Distance(a, shifted).Average;

        Assert.Equal(plain, affine, 2);
    }

    private static IEnumerable<float> Repeat(int value, int count, Random random) =>
        Enumerable.Range(0, count).Select(_ => (float)(value + random.Next(5)));

    [Fact]
    public void Distance_SameSeed_IsDeterministic()
    {
        var (a, b) = (Noise(4, 16, 1), Noise(4, 16, 2, blurred: true));

        var first = new SlicedWasserstein(Small, 7).Distance(a, b).Average;
        var second = new SlicedWasserstein(Small, 7).Distance(a, b).Average;
        var otherSeed = new SlicedWasserstein(Small, 8).Distance(a, b).Average;

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherSeed);
    }

    [Fact]
    public void Describe_NormalisesEachChannelToZeroMeanUnitStd()
    {
        var swd = new SlicedWasserstein(Small, 3);
        var images = Noise(4, 16, 3);
        for (var c = 0; c < images.Data.Length; c += 3 * 16 * 16)
            images.Data[c] += 1000;

        var descriptors = swd.Describe(images, "x");

        for (var channel = 0; channel < 3; channel++)
        {
            var values = Enumerable.Range(0, descriptors.Count).SelectMany(r => descriptors.Row(0, r).Skip(channel * 49).Take(49)).ToList();
            var mean = values.Average(v => (double)v);
            var std = Math.Sqrt(values.Average(v => ((double)v - mean) * ((double)v - mean)));
            Assert.Equal(0, mean, 4);
            Assert.Equal(1, std, 4);
        }
    }

    [Fact]
    public void Describe_PatchComponents_RunOverChannelThenXThenY()
    {
        // value = x + 16 y: along a descriptor, the next component is one step in y (+16) until 7 values, then x (+1).
        var data = new float[3 * 16 * 16];
        for (var i = 0; i < data.Length; i++)
            data[i] = i % 256;
        var swd = new SlicedWasserstein(Small with { PatchesPerImage = 1 }, 3);

        var row = swd.Describe(new PlanarImages(1, 16, data), "x").Row(0, 0);

        Assert.Equal(147, row.Length);
        var (stepY, stepX) = (row[1] - row[0], row[7] - row[0]);
        Assert.Equal(16, stepY / stepX, 3);
        Assert.Equal(row[49 + 8] - row[49], row[8] - row[0], 4);
    }

    [Fact]
    public void Distance_DifferentCounts_Throws()
    {
        var swd = new SlicedWasserstein(Small, 1);

        var error = Assert.Throws<ArgumentException>(() => swd.Distance(Noise(2, 16, 1), Noise(3, 16, 1)));

        Assert.Contains("equal shape", error.Message);
    }

    [Fact]
    public void Describe_ImagesBelowMinResolution_Throws() =>
        Assert.Throws<ArgumentException>(() => new SlicedWasserstein(Small, 1).Describe(Noise(1, 8, 1), "x"));
}
