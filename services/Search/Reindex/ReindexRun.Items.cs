using Grpc.Core;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Search.V1;
using TwinGan.Search.Storage;

namespace TwinGan.Search.Reindex;

/// <summary>Re-embedding and staging items in batches.</summary>
internal sealed partial class ReindexRun
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>Re-embeds and stages <paramref name="ids"/> in batches, saving progress after each; false when cancelled.</summary>
    private async Task<bool> ProcessAsync(IReadOnlyList<string> ids, bool advanceCursor, CancellationToken cancellationToken)
    {
        foreach (var chunk in ids.Chunk(options.ReindexBatchSize))
        {
            var writes = new List<StagedWrite>(chunk.Length);
            foreach (var id in chunk)
            {
                if (await PrepareAsync(id, cancellationToken) is { } write) writes.Add(write);
            }
            // A null offset: the item was rewritten or deleted since it was read; its new write carries its own staged form
            // or is caught up later.
            foreach (var offset in await store.StageAsync(writes, cancellationToken))
                if (offset is { } o) _lastStaged = ChangeOffset.Max(_lastStaged, o);
            Op.Progress.Completed += chunk.Length;
            if (advanceCursor) _record = _record with { Cursor = chunk[^1] };
            if (!await MoveAsync(Op.State, [Op.State], cancellationToken)) return false;
        }
        return true;
    }

    /// <summary>The staged form of one item, or null when there is nothing to stage (gone, already staged, or failed).</summary>
    private async Task<StagedWrite?> PrepareAsync(string id, CancellationToken cancellationToken)
    {
        if (!replica.Index.TryGet(id, out var item)) return null;
        var staging = replica.Next?.Index;
        if (staging is not null ? staging.TryGet(id, out _) : replica.Index.IsIndexed(id)) return null;
        if (await store.ReadSourceAsync(id, cancellationToken) is not { } source) return null;
        var staged = item.Clone();
        if (ReuseEmbeddings)
        {
            if (item.ModelVersion != Op.ToModelVersion)
            {
                RecordFailure(id, (int)StatusCode.FailedPrecondition, $"its embedding is of model version '{item.ModelVersion}'; upsert it again");
                return null;
            }
        }
        else
        {
            if (source.Source is null)
            {
                RecordFailure(id, (int)StatusCode.FailedPrecondition,
                    $"upserted by embedding: no source image was kept to re-embed it; upsert it again by image or with a '{Op.ToModelVersion}' embedding");
                return null;
            }
            var content = ImageContent.Parser.ParseFrom(source.Source);
            if (await EmbedAsync(id, content, item.Domain, cancellationToken) is not { } values) return null;
            staged.ModelVersion = Op.ToModelVersion;
            staged.Embedding = new Embedding
            {
                Layout = options.EmbeddingLayout, ModelName = options.ModelName, ModelVersion = Op.ToModelVersion, Domain = item.Domain,
            };
            staged.Embedding.Values.AddRange(values.Values);
        }
        return new StagedWrite(id, GalleryItemBytes.ToStored(staged), source.Offset);
    }

    /// <summary>
    /// Embeds with the target version, retrying what is transient (the Embedder may still be loading the new version)
    /// for up to <c>Search:ReindexEmbedderPatience</c>; an image the Embedder refuses fails only that item.
    /// </summary>
    private async Task<Embedding?> EmbedAsync(string id, ImageContent content, string domain, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        var delay = TimeSpan.FromMilliseconds(250);
        var model = new ModelRef { Name = options.ModelName, Version = Op.ToModelVersion };
        while (true)
        {
            try
            {
                return await embedder.EmbedAsync(content.Image, domain, content.FaceCrop, model, options.EmbeddingLayout, cancellationToken);
            }
            catch (RpcException e) when (IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                if (DateTime.UtcNow - started > options.ReindexEmbedderPatience)
                    throw new ReindexFailedException($"the Embedder could not embed with version '{Op.ToModelVersion}' for {options.ReindexEmbedderPatience}: {e.Status.Detail}");
                await Task.Delay(delay, cancellationToken);
                delay = delay * 2 < MaxRetryDelay ? delay * 2 : MaxRetryDelay;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange)
            {
                RecordFailure(id, (int)e.StatusCode, $"the Embedder refused the kept source image: {e.Status.Detail}");
                return null;
            }
        }
    }
}
