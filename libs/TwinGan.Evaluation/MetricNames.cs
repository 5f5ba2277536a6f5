using TwinGan.Model.Inference;

namespace TwinGan.Evaluation;

/// <summary>
/// Hierarchical metric names (stylegan3-style, like the training stats): <c>Swd/photo2anime</c>,
/// <c>Swd/floor/anime/32px</c>, <c>AttrAcc/photo2anime/glasses</c>, <c>AttrAcc/real/anime/glasses</c>,
/// <c>PairedL1/photo2anime</c>, <c>Retrieval/recall@1/pooled/photo2anime</c>, <c>Recon/L1/photo</c>.
/// </summary>
public static class MetricNames
{
    public static string Direction(string from, string to) => $"{from}2{to}";

    public static string Swd(string from, string to) => $"Swd/{Direction(from, to)}";

    public static string SwdLevel(string from, string to, int size) => $"{Swd(from, to)}/{size}px";

    public static string SwdFloor(string domain) => $"Swd/floor/{domain}";

    public static string SwdFloorLevel(string domain, int size) => $"{SwdFloor(domain)}/{size}px";

    public static string AttributeAccuracy(string from, string to, string attribute) => $"AttrAcc/{Direction(from, to)}/{attribute}";

    public static string AttributeAccuracyMean(string from, string to) => AttributeAccuracy(from, to, "mean");

    public static string RealAttributeAccuracy(string domain, string attribute) => $"AttrAcc/real/{domain}/{attribute}";

    public static string PairedL1(string from, string to) => $"PairedL1/{Direction(from, to)}";

    public static string Recall(int k, EmbeddingLayout layout, string from, string to) =>
        $"Retrieval/recall@{k}/{EmbeddingLayouts.Name(layout)}/{Direction(from, to)}";

    public static string ReconstructionL1(string domain) => $"Recon/L1/{domain}";
}
