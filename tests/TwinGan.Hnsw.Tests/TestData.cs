using TwinGan.Hnsw;

namespace TwinGan.Hnsw.Tests;

/// <summary>Seeded vectors shaped like embeddings (a Gaussian mixture) and recall measurement against the exact oracle.</summary>
internal static class TestData
{
    /// <summary>
    /// A mixture of low-rank Gaussian clusters (8 latent dimensions each, plus a little isotropic noise): like learned
    /// embeddings, the intrinsic dimension is far below the ambient one. Same seed, same vectors.
    /// </summary>
    public static float[] Clustered(int count, int dimension, int seed, int clusters = 20, int latent = 8)
    {
        var model = new Random(12345 + dimension);
        var centres = new float[clusters * dimension];
        for (var i = 0; i < centres.Length; i++)
            centres[i] = Gaussian(model);
        var bases = new float[clusters * latent * dimension];
        for (var i = 0; i < bases.Length; i++)
            bases[i] = Gaussian(model) * 0.5f;
        var random = new Random(seed);
        var data = new float[count * dimension];
        var w = new float[latent];
        for (var i = 0; i < count; i++)
        {
            var c = random.Next(clusters);
            for (var l = 0; l < latent; l++)
                w[l] = Gaussian(random);
            for (var j = 0; j < dimension; j++)
            {
                var v = centres[(c * dimension) + j] + (0.05f * Gaussian(random));
                for (var l = 0; l < latent; l++)
                    v += w[l] * bases[(((c * latent) + l) * dimension) + j];
                data[(i * dimension) + j] = v;
            }
        }
        return data;
    }

    /// <summary>Rescales every row to a norm in [0.8, 1.2): inner-product data whose norms vary but do not dominate.</summary>
    public static float[] VaryNorms(float[] data, int dimension, int seed)
    {
        var random = new Random(seed);
        var result = (float[])data.Clone();
        for (var i = 0; i < data.Length / dimension; i++)
        {
            var row = result.AsSpan(i * dimension, dimension);
            VectorMath.Normalize(row, row);
            System.Numerics.Tensors.TensorPrimitives.Multiply(row, 0.8f + (0.4f * random.NextSingle()), row);
        }
        return result;
    }

    public static float Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }

    public static ReadOnlySpan<float> Row(float[] data, int dimension, int i) => data.AsSpan(i * dimension, dimension);

    public static HnswIndex<long> BuildHnsw(float[] data, int dimension, DistanceMetric metric, HnswOptions? options = null)
    {
        var index = new HnswIndex<long>(dimension, metric, options);
        for (var i = 0; i < data.Length / dimension; i++)
            index.Add(i, Row(data, dimension, i));
        return index;
    }

    public static BruteForceIndex<long> BuildExact(float[] data, int dimension, DistanceMetric metric)
    {
        var index = new BruteForceIndex<long>(dimension, metric);
        for (var i = 0; i < data.Length / dimension; i++)
            index.Add(i, Row(data, dimension, i));
        return index;
    }

    /// <summary>Mean recall@k of <paramref name="index"/> against <paramref name="oracle"/> over every query row.</summary>
    public static double Recall(
        IVectorIndex<long> index, IVectorIndex<long> oracle, float[] queries, int k, int ef = 0, Func<long, bool>? filter = null)
    {
        var dimension = index.Dimension;
        int hits = 0, total = 0;
        for (var q = 0; q < queries.Length / dimension; q++)
        {
            var query = Row(queries, dimension, q);
            var truth = oracle.Search(query, k, filter: filter).Select(n => n.Key).ToHashSet();
            hits += index.Search(query, k, ef, filter).Count(n => truth.Contains(n.Key));
            total += truth.Count;
        }
        return total == 0 ? 1 : (double)hits / total;
    }
}
