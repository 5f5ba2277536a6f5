namespace TwinGan.Benchmarks.Load;

/// <summary>Random clustered unit vectors (Gaussian blobs around random centres), like face embeddings of many identities.</summary>
internal static class Data
{
    public static float[][] Clustered(int count, int dimension, int clusters, int seed)
    {
        var random = new Random(seed);
        var centres = new Random(1234);
        var centre = new float[clusters][];
        for (var c = 0; c < clusters; c++) centre[c] = Normalise([.. Enumerable.Range(0, dimension).Select(_ => Gaussian(centres))]);
        var rows = new float[count][];
        for (var i = 0; i < count; i++)
        {
            var c = centre[random.Next(clusters)];
            var v = new float[dimension];
            for (var d = 0; d < dimension; d++) v[d] = c[d] + 0.05f * Gaussian(random);
            rows[i] = Normalise(v);
        }
        return rows;
    }

    private static float Gaussian(Random r) => (float)(Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble()));

    private static float[] Normalise(float[] v)
    {
        var norm = (float)Math.Sqrt(v.Sum(x => (double)x * x));
        for (var i = 0; i < v.Length; i++) v[i] /= norm;
        return v;
    }
}
