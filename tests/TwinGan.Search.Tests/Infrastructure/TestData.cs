using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Search.V1;

namespace TwinGan.Search.Tests.Infrastructure;

/// <summary>Test data: deterministic unit vectors and items.</summary>
internal static class TestData
{
    public const string Model = "human2anime";
    public const string Version = "v1";
    public const int Dimension = 32;

    public static float[] Vector(int seed, int dimension = Dimension)
    {
        var random = new Random(seed);
        var v = new float[dimension];
        double norm = 0;
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = (float)(random.NextDouble() * 2 - 1);
            norm += v[i] * v[i];
        }
        for (var i = 0; i < v.Length; i++) v[i] /= (float)Math.Sqrt(norm);
        return v;
    }

    public static Embedding Embedding(float[] values, string domain = "")
    {
        var e = new Embedding { ModelName = Model, ModelVersion = Version, Layout = EmbeddingLayout.Pooled, Domain = domain };
        e.Values.AddRange(values);
        return e;
    }

    public static UpsertItem Item(string id, int seed, string domain = "anime", params string[] tags)
    {
        var item = new UpsertItem { Id = id, Domain = domain, Embedding = Embedding(Vector(seed)) };
        item.Tags.AddRange(tags);
        item.Metadata["seed"] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return item;
    }
}
