using TwinGan.Contracts.Search.V1;
using TwinGan.Hnsw;

namespace TwinGan.Benchmarks.Load;

/// <summary>
/// The in-process comparison index: built on all cores with the server's parameters, or loaded from a cache file
/// written by an earlier run with the same parameters (a 100k build takes minutes on this machine).
/// </summary>
internal static class InProcessIndex
{
    public static HnswIndex<string> BuildOrLoad(string cachePath, float[][] rows, IndexParams server)
    {
        var dim = rows[0].Length;
        if (cachePath.Length > 0 && File.Exists(cachePath))
        {
            var loaded = HnswIndex.Load<string>(cachePath, new HnswLoadOptions { Dimension = dim, Metric = TwinGan.Hnsw.DistanceMetric.Cosine });
            if (loaded.Count == rows.Length && loaded.Options.M == server.M && loaded.Options.EfConstruction == server.EfConstruction) return loaded;
            loaded.Dispose();
        }
        var index = new HnswIndex<string>(dim, TwinGan.Hnsw.DistanceMetric.Cosine,
            new HnswOptions { M = server.M, EfConstruction = server.EfConstruction, InitialCapacity = rows.Length });
        Parallel.For(0, rows.Length, i => index.Add($"item-{i}", rows[i]));
        if (cachePath.Length > 0) index.Save(cachePath);
        return index;
    }
}
