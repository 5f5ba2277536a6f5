using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using TwinGan.Contracts.Common.V1;
using TwinGan.Model;
using TwinGan.Model.Bundles;

namespace TwinGan.Trainer.Models;

/// <summary>A bundle's manifest.json as the contract's <see cref="ModelManifest"/> summary.</summary>
internal static class ManifestMapper
{
    /// <summary>Reads the manifest of a bundle directory (no hash verification: listing must stay cheap); null when absent or unreadable.</summary>
    public static BundleManifest? Read(string bundleDirectory)
    {
        var path = Path.Combine(bundleDirectory, BundleManifest.FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<BundleManifest>(File.ReadAllText(path), ModelJson.Options);
        }
        catch (Exception e) when (e is JsonException or IOException or NotSupportedException)
        {
            return null;
        }
    }

    public static ModelManifest ToProto(BundleManifest m, string bundleDirectory, bool includeTrainingOptions)
    {
        var proto = new ModelManifest
        {
            Name = m.Name,
            Version = m.Version,
            FormatVersion = m.FormatVersion,
            Domains = { m.Domains },
            Resolution = m.Resolution,
            ChannelPlan = new Contracts.Common.V1.ChannelPlan { MaxChannels = m.Channels.FmapMax, ChannelBase = m.Channels.FmapBase * 2 },
            Conditioning = new ConditioningInfo
            {
                StyleSupported = m.Conditioning.StyleDim > 0,
                StyleDim = m.Conditioning.StyleDim,
                Attributes = { m.Conditioning.AttributeNames.Select(a => new AttributeSpec { Name = a, Kind = AttributeKind.Continuous, Min = 0, Max = 1 }) },
            },
            Embeddings =
            {
                m.EmbeddingLayouts.Select(l => new EmbeddingSpec
                {
                    Layout = l.Name == "flattened" ? EmbeddingLayout.Flattened : EmbeddingLayout.Pooled,
                    Dimension = l.Dimensions,
                    IsDefault = l.Name == "pooled",
                }),
            },
            Metrics = { m.Metrics.ToDictionary() },
            ContentDigest = Digest(m.Files),
            SizeBytes = Size(bundleDirectory),
            CreateTime = Timestamp.FromDateTime(File.GetLastWriteTimeUtc(Path.Combine(bundleDirectory, BundleManifest.FileName))),
        };
        proto.ChannelPlan.ChannelsPerResolution.Add(m.ChannelsPerResolution.ToDictionary());
        if (m.ParentCheckpoint is { } parent)
        {
            var slash = parent.IndexOf('/', StringComparison.Ordinal);
            proto.SourceJobId = slash > 0 ? parent[..slash] : "";
            proto.SourceCheckpointId = slash > 0 ? parent[(slash + 1)..] : parent;
        }
        if (includeTrainingOptions && m.Training is not null)
            proto.TrainingOptions = JsonParser.Default.Parse<Struct>(JsonSerializer.Serialize(m.Training, ModelJson.Options));
        return proto;
    }

    private static string Digest(IReadOnlyDictionary<string, string> files)
    {
        var text = new StringBuilder();
        foreach (var (file, hash) in files.OrderBy(f => f.Key, StringComparer.Ordinal)) text.Append(file).Append(':').Append(hash).Append('\n');
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static long Size(string directory)
    {
        try
        {
            return new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
