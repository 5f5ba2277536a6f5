namespace TwinGan.Serving.Tests;

public sealed class BatchCalibrationTests
{
    [Fact]
    public void Choose_CheaperPerImageAsBatchGrows_TakesTheLargest()
    {
        Assert.Equal(8, BatchCalibration.Choose([new(1, 12), new(2, 8), new(4, 5), new(8, 3.5)]));
    }

    [Fact]
    public void Choose_LargeBatchDearerPerImage_StopsWhereItIsCheapest()
    {
        // The 256-channel 64 px plan on the 2-core CPU: 116 ms/img at batch 4, 476 ms/img at batch 8.
        Assert.Equal(4, BatchCalibration.Choose([new(1, 200), new(2, 150), new(4, 116), new(8, 476)]));
    }

    [Fact]
    public void Choose_WithinTolerance_PrefersTheSmallerBatch()
    {
        Assert.Equal(2, BatchCalibration.Choose([new(1, 10), new(2, 5.1), new(4, 5.0), new(8, 5.05)]));
    }

    [Fact]
    public void Measure_MaxBatchSix_WarmsEachSizeThenTimesInterleavedRounds()
    {
        var calls = new List<int>();

        var costs = BatchCalibration.Measure(6, calls.Add, CancellationToken.None);

        int[] sizes = [1, 2, 4, 6];
        Assert.Equal([.. sizes, .. Enumerable.Repeat(sizes, BatchCalibration.Rounds).SelectMany(r => r)], calls);
        Assert.Equal(sizes, costs.Select(c => c.BatchSize));
        Assert.All(costs, c => Assert.True(c.MillisecondsPerImage >= 0));
    }

    [Fact]
    public void Measure_OneSlowRound_TheMedianIgnoresIt()
    {
        var passes = new Dictionary<int, int>();

        var costs = BatchCalibration.Measure(2, size =>
        {
            passes[size] = passes.GetValueOrDefault(size) + 1;
            // The second timed pass of batch 1 is disturbed (say, by a GC elsewhere on the machine).
            Thread.Sleep(size == 1 && passes[size] == 3 ? 400 : 20);
        }, CancellationToken.None);

        // A mean over the five rounds would be about (4 × 20 + 400) / 5 = 96 ms.
        Assert.InRange(costs.Single(c => c.BatchSize == 1).MillisecondsPerImage, 15, 80);
    }
}
