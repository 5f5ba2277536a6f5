using TwinGan.Data.Imaging;
using TwinGan.Evaluation.Paired;

namespace TwinGan.Evaluation.Tests;

public sealed class PairedMetricsTests
{
    private static RgbImage Filled(byte value) => new(2, 2, Enumerable.Repeat(value, 12).ToArray());

    [Fact]
    public void L1_HandComputed_IsMeanAbsoluteDifferenceOnMinusOneToOneScale()
    {
        // Image 1 differs by 255 everywhere (2.0 on the model's scale), image 2 by 51 (0.4): mean 1.2.
        var l1 = PairedMetrics.L1([Filled(0), Filled(100)], [Filled(255), Filled(151)]);

        Assert.Equal(1.2, l1, 10);
    }

    [Fact]
    public void L1_SameImages_IsZero() => Assert.Equal(0, PairedMetrics.L1([Filled(3)], [Filled(3)]));

    [Fact]
    public void RecallAtK_TwinRankedSecond_CountsFromK2()
    {
        // Query 0 is closest to item 1, its twin item 0 comes second; query 1 and 2 find their twin first.
        float[][] queries = [[1, 0.2f, 0], [0, 1, 0], [0, 0, 1]];
        float[][] gallery = [[1, 0, 0], [1, 0.3f, 0], [0, 0, 1]];

        var recall = PairedMetrics.RecallAtK(queries, gallery, [1, 2, 3]);

        Assert.Equal([1, 0, 0], PairedMetrics.TwinRanks(queries, gallery));
        Assert.Equal([2.0 / 3, 1.0, 1.0], recall);
    }

    [Fact]
    public void RecallAtK_CollapsedEmbedding_ScoresNothingBelowGallerySize()
    {
        var same = Enumerable.Range(0, 4).Select(_ => new float[] { 1, 1 }).ToList();

        var recall = PairedMetrics.RecallAtK(same, same, [1, 3, 4]);

        Assert.Equal([0.0, 0.0, 1.0], recall);
    }

    [Fact]
    public void RecallAtK_UnnormalisedVectors_UsesCosine()
    {
        float[][] queries = [[10, 0], [0, 0.1f]];
        float[][] gallery = [[0.5f, 0], [0, 7]];

        Assert.Equal([1.0], PairedMetrics.RecallAtK(queries, gallery, [1]));
    }
}
