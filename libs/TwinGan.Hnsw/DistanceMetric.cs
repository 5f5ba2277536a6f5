namespace TwinGan.Hnsw;

/// <summary>
/// How two vectors are compared. Every metric is reported as a distance: smaller is closer.
/// </summary>
public enum DistanceMetric
{
    /// <summary>1 - cosine similarity. Vectors are normalised once on insert and on query, then compared by inner product.</summary>
    Cosine = 1,

    /// <summary>1 - inner product (hnswlib's "ip" space). Meaningful for vectors whose norms carry no information.</summary>
    InnerProduct = 2,

    /// <summary>Squared Euclidean distance.</summary>
    L2 = 3,
}
