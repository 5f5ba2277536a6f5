using Google.Protobuf;
using Grpc.Core;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Search.V1;
using TwinGan.Search.Storage;
using TwinGan.ServiceDefaults.Grpc;

namespace TwinGan.Search.Gallery;

/// <summary>Turning an <see cref="UpsertItem"/> into the stored item: embedding checks and image embedding.</summary>
internal sealed partial class GalleryService
{
    /// <summary>
    /// Validates one item (fields, then its embedding against the gallery) and embeds its image if it has one.
    /// Throws <see cref="ValidationException"/> with fields under <paramref name="path"/>, or an <see cref="RpcException"/>.
    /// </summary>
    public async Task<ItemWrite> PrepareAsync(UpsertItem item, string path, CancellationToken cancellationToken)
    {
        var violations = new List<Violation>();
        Validation.ItemFields(item, _limits, _options.Domains, violations);
        ValidationException.ThrowIfAny([.. violations.Select(v => v.Prefixed(path))]);
        Contracts.Common.V1.Embedding embedding;
        byte[]? source = null;
        byte[]? next = null;
        var thumbnail = item.Thumbnail;
        if (item.ContentCase == UpsertItem.ContentOneofCase.Image && item.Image.GenerateThumbnail && thumbnail is null)
            thumbnail = MakeThumbnail(item.Image.Image, $"{path}.image");
        if (item.ContentCase == UpsertItem.ContentOneofCase.Embedding)
        {
            embedding = item.Embedding;
        }
        else
        {
            embedding = await EmbedAsync(item, replica.ModelVersion ?? "", cancellationToken);
            // The whole ImageContent (image + face_crop) is kept, so a reindex re-embeds the item exactly as it was embedded.
            source = item.Image.ToByteArray();
            // Dual write while a reindex stages another version: the new index gets this item without waiting for the worker.
            if (replica.Next is { } staging && staging.Mark.Version != replica.ModelVersion)
                next = GalleryItemBytes.ToStored(Stored(item, await EmbedAsync(item, staging.Mark.Version, cancellationToken), staging.Mark.Version, true, thumbnail));
        }
        var version = CheckEmbedding(embedding, $"{path}.embedding");
        return new ItemWrite(item.Id, GalleryItemBytes.ToStored(Stored(item, embedding, version, source is not null, thumbnail)), source, next);
    }

    private Image MakeThumbnail(Image image, string path)
    {
        var webp = Thumbnails.Make(image.Data.Span, _options.ThumbnailSize);
        if (webp is null || webp.Length > _limits.MaxThumbnailBytes)
            throw new ValidationException([new($"{path}.generate_thumbnail", "no thumbnail could be made from this image; send one in thumbnail", "THUMBNAIL_FAILED")]);
        return new Image { Data = ByteString.CopyFrom(webp), MediaType = "image/webp" };
    }

    private Task<Contracts.Common.V1.Embedding> EmbedAsync(UpsertItem item, string version, CancellationToken cancellationToken) =>
        embedder.EmbedAsync(item.Image.Image, item.Domain, item.Image.FaceCrop, new ModelRef { Name = _options.ModelName, Version = version },
            _options.EmbeddingLayout, cancellationToken);

    private GalleryItem Stored(UpsertItem item, Contracts.Common.V1.Embedding embedding, string version, bool sourceRetained, Image? thumbnail)
    {
        var stored = new GalleryItem
        {
            Id = item.Id, Domain = item.Domain, Thumbnail = thumbnail, ImageUri = item.ImageUri, ModelVersion = version,
            SourceImageRetained = sourceRetained,
            Embedding = new Contracts.Common.V1.Embedding
            {
                Layout = _options.EmbeddingLayout, ModelName = _options.ModelName, ModelVersion = version, Domain = item.Domain,
            },
        };
        stored.Embedding.Values.AddRange(embedding.Values);
        stored.Tags.AddRange(item.Tags.Distinct(StringComparer.Ordinal));
        stored.Metadata.Add(item.Metadata);
        return stored;
    }

    /// <summary>
    /// Checks an embedding against the gallery; returns the model version it is stored under. Bad values or dimension:
    /// INVALID_ARGUMENT; another model, layout or version: FAILED_PRECONDITION.
    /// </summary>
    private string CheckEmbedding(Contracts.Common.V1.Embedding embedding, string field)
    {
        var violations = new List<Violation>();
        Validation.EmbeddingValues(embedding, field, violations);
        var dimension = replica.Index.Dimension;
        if (dimension > 0 && embedding.Values.Count != dimension)
            violations.Add(new($"{field}.values", $"the embedding has {embedding.Values.Count} values; the gallery's dimension is {dimension}",
                "EMBEDDING_DIMENSION_MISMATCH"));
        ValidationException.ThrowIfAny(violations);
        if (embedding.ModelName.Length > 0 && embedding.ModelName != _options.ModelName)
            RpcErrors.ThrowFailedPrecondition($"{field}: the embedding is of model '{embedding.ModelName}'; the gallery holds '{_options.ModelName}'");
        if (embedding.Layout != EmbeddingLayout.Unspecified && embedding.Layout != _options.EmbeddingLayout)
            RpcErrors.ThrowFailedPrecondition($"{field}: the embedding layout is {embedding.Layout}; the gallery holds {_options.EmbeddingLayout}");
        var active = replica.ModelVersion;
        if (active is not null && embedding.ModelVersion.Length > 0 && embedding.ModelVersion != active && embedding.ModelVersion != replica.Next?.Mark.Version)
            RpcErrors.ThrowFailedPrecondition(
                $"{field}: the embedding is of model version '{embedding.ModelVersion}'; the active index holds '{active}'" +
                (replica.Next is { } staging ? $" and the running reindex '{staging.Mark.Version}'" : ""));
        return embedding.ModelVersion.Length > 0 ? embedding.ModelVersion : active ?? "";
    }

    /// <summary>In an empty gallery the first batch fixes the dimension: its embeddings must agree among themselves.</summary>
    private void CheckEmbeddingsAgree(Google.Protobuf.Collections.RepeatedField<UpsertItem> items)
    {
        if (replica.Index.Dimension > 0) return;
        var first = items.FirstOrDefault(i => i.ContentCase == UpsertItem.ContentOneofCase.Embedding)?.Embedding.Values.Count ?? 0;
        var violations = new List<Violation>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].ContentCase == UpsertItem.ContentOneofCase.Embedding && items[i].Embedding.Values.Count != first)
                violations.Add(new($"items[{i}].embedding.values", $"{items[i].Embedding.Values.Count} values; items[0..] of this batch have {first}",
                    "EMBEDDING_DIMENSION_MISMATCH"));
        }
        ValidationException.ThrowIfAny(violations);
    }

    /// <summary>Maps a per-item failure to the ack's error (the status a single-item call would have had).</summary>
    public static ItemError ToItemError(Exception e) => e switch
    {
        ValidationException v => ValidationException.ToItemError(v.Violations),
        RpcException r => new ItemError { Code = (int)r.StatusCode, Message = r.Status.Detail },
        _ => throw new InvalidOperationException("unexpected per-item failure", e),
    };
}
