using TwinGan.Contracts.Common.V1;

namespace TwinGan.Search.Options;

/// <summary>The gallery this Search process serves and how its replica works. Bound from <c>Search</c>.</summary>
public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>Model whose embedding space the gallery lives in; embeddings naming another model are refused.</summary>
    public string ModelName { get; set; } = "human2anime";

    /// <summary>
    /// Model version of the active index. Empty: the registry's current version of <see cref="ModelName"/>, or, when
    /// the model was never published, the version of the first item written.
    /// </summary>
    public string ModelVersion { get; set; } = "";

    /// <summary>Layout of the gallery's embeddings (what image upserts ask the Embedder for).</summary>
    public EmbeddingLayout EmbeddingLayout { get; set; } = EmbeddingLayout.Pooled;

    /// <summary>
    /// Domains items may have. Empty: any well-formed domain may be upserted. Queries accept these plus every domain
    /// some item has.
    /// </summary>
    public List<string> Domains { get; set; } = [];

    /// <summary>Embedder gRPC address: <c>http://embedder:5000</c> (one connection), <c>dns:///embedder-headless:5000</c>
    /// (every pod behind a headless Service, round-robin per call). Empty: this process's own port (embedded shape).</summary>
    public string EmbedderAddress { get; set; } = "";

    /// <summary>Longest a read-your-writes query (min_change_offset) waits for this replica to catch up.</summary>
    public TimeSpan MaxConsistencyWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the replica writes its index snapshot (only when something changed).</summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Index snapshot file of this replica. Empty: <c>{Storage:File:Root}/search/index.snapshot</c>.</summary>
    public string SnapshotPath { get; set; } = "";

    /// <summary>Fallback poll period of the change follower (Redis pub/sub or the file log's signal wakes it sooner).</summary>
    public TimeSpan FollowPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Identity reported by GetStats; empty: the host name.</summary>
    public string ReplicaId { get; set; } = "";

    /// <summary>Start a reindex by itself when the registry's current version of <see cref="ModelName"/> moves away from the active one.</summary>
    public bool AutoReindex { get; set; } = true;

    /// <summary>Items a reindex worker re-embeds and stages per write (its progress is saved after each).</summary>
    public int ReindexBatchSize { get; set; } = 16;

    /// <summary>How long a reindex worker may keep failing to reach the Embedder before the reindex fails.</summary>
    public TimeSpan ReindexEmbedderPatience { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Trim the Redis change stream behind the replicas' snapshots.</summary>
    public bool StreamTrim { get; set; } = true;

    /// <summary>Stream entries kept before the oldest replica snapshot (by entry time), for replicas restarting from older snapshots.</summary>
    public TimeSpan StreamTrimMargin { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a replica's snapshot report holds trimming back after the replica was last heard of.</summary>
    public TimeSpan StreamReplicaTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Longest side, in pixels, of a thumbnail made for <c>ImageContent.generate_thumbnail</c> (WebP).</summary>
    public int ThumbnailSize { get; set; } = 128;

    /// <summary>HNSW links per node.</summary>
    public int M { get; set; } = 16;

    /// <summary>HNSW build beam width.</summary>
    public int EfConstruction { get; set; } = 200;

    /// <summary>HNSW query beam width when a request gives ef = 0.</summary>
    public int EfSearch { get; set; } = 64;
}
