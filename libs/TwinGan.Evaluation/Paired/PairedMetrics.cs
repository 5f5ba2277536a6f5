using TwinGan.Data.Imaging;
using static TorchSharp.torch;

namespace TwinGan.Evaluation.Paired;

/// <summary>Metrics against known ground truth: pixel L1 between image lists and twin retrieval in an embedding.</summary>
public static class PairedMetrics
{
    /// <summary>
    /// Mean absolute difference per channel value on the [-1, 1] scale the model works in (an 8-bit difference d is
    /// d / 127.5), between <paramref name="actual"/>[i] and <paramref name="expected"/>[i].
    /// </summary>
    public static double L1(IReadOnlyList<RgbImage> actual, IReadOnlyList<RgbImage> expected)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        if (actual.Count != expected.Count || actual.Count == 0)
            throw new ArgumentException($"L1 compares equally long, non-empty lists; got {actual.Count} and {expected.Count} images.");
        long sum = 0, values = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            var (a, e) = (actual[i].Pixels, expected[i].Pixels);
            if (a.Length != e.Length)
                throw new ArgumentException($"Image {i}: {actual[i].Width}x{actual[i].Height} vs {expected[i].Width}x{expected[i].Height}.");
            for (var k = 0; k < a.Length; k++)
                sum += Math.Abs(a[k] - e[k]);
            values += a.Length;
        }
        return sum / 127.5 / values;
    }

    /// <summary>
    /// Recall@k of the true twin: query i's twin is gallery item i; gallery items are ranked by cosine similarity.
    /// Ties count against the query (rank = number of other items scoring at least as high), so a collapsed
    /// embedding scores chance, not 1. Returns recall for each k in <paramref name="ks"/>.
    /// </summary>
    public static IReadOnlyList<double> RecallAtK(IReadOnlyList<float[]> queries, IReadOnlyList<float[]> gallery, IReadOnlyList<int> ks)
    {
        ArgumentNullException.ThrowIfNull(ks);
        var ranks = TwinRanks(queries, gallery);
        return [.. ks.Select(k => ranks.Count(r => r < k) / (double)ranks.Length)];
    }

    /// <summary>0-based rank of each query's twin among the whole gallery (pessimistic on ties).</summary>
    public static int[] TwinRanks(IReadOnlyList<float[]> queries, IReadOnlyList<float[]> gallery)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(gallery);
        if (queries.Count != gallery.Count || queries.Count == 0)
            throw new ArgumentException($"Twin retrieval pairs query i with gallery item i; got {queries.Count} queries and {gallery.Count} gallery items.");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var similarity = Normalised(queries).matmul(Normalised(gallery).t());
        var twin = similarity.diagonal().unsqueeze(1);
        // Items scoring >= the twin, minus the twin itself.
        var atLeast = similarity.ge(twin).sum(1).to_type(ScalarType.Int32).contiguous();
        return [.. atLeast.data<int>().ToArray().Select(count => count - 1)];
    }

    private static Tensor Normalised(IReadOnlyList<float[]> vectors)
    {
        var dimensions = vectors[0].Length;
        if (vectors.Any(v => v.Length != dimensions))
            throw new ArgumentException($"All embeddings must have {dimensions} dimensions.", nameof(vectors));
        var data = new float[vectors.Count * dimensions];
        for (var i = 0; i < vectors.Count; i++)
            vectors[i].CopyTo(data, i * dimensions);
        return nn.functional.normalize(tensor(data, [vectors.Count, dimensions]), p: 2, dim: 1);
    }
}
