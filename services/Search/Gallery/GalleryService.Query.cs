using System.Buffers;
using System.IO.Hashing;
using System.Text;
using Grpc.Core;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Search.V1;
using TwinGan.Hnsw;
using TwinGan.Search.Storage;
using TwinGan.ServiceDefaults.Grpc;

namespace TwinGan.Search.Gallery;

/// <summary>FindTwins and ListItems: reads of this replica's index.</summary>
internal sealed partial class GalleryService
{
    private const int DefaultPageSize = 50;

    public async Task<FindTwinsResponse> FindTwinsAsync(FindTwinsRequest request, DateTime deadline, CancellationToken cancellationToken)
    {
        EnsureServing();
        var violations = new List<Violation>();
        if (request.K < 1 || request.K > _limits.MaxK)
            violations.Add(new("k", $"k must be 1..{_limits.MaxK}", "OUT_OF_RANGE"));
        else if (request.Ef != 0 && (request.Ef < request.K || request.Ef > _limits.MaxEf))
            violations.Add(new("ef", $"ef must be 0 (the default) or k..{_limits.MaxEf}", "OUT_OF_RANGE"));
        if (request.TargetDomain.Length > 0 && !IsKnownDomain(request.TargetDomain))
            violations.Add(new("target_domain", $"'{request.TargetDomain}' is neither a configured domain nor the domain of any item", "UNKNOWN_DOMAIN"));
        ValidateQuery(request, violations);
        ValidationException.ThrowIfAny(violations);
        await WaitForOffsetAsync(request.MinChangeOffset, deadline, cancellationToken);

        var (query, ownDomain, excludeId) = await QueryVectorAsync(request, cancellationToken);
        // Taken after the query vector, so an image query embedded with the version now active searches that index.
        var index = replica.Index;
        var response = new FindTwinsResponse
        {
            Metric = Contracts.Search.V1.DistanceMetric.Cosine, ModelName = _options.ModelName,
            ModelVersion = index.ModelVersion ?? replica.ModelVersion ?? "", AppliedChangeOffset = index.Applied.ToString(),
        };
        if (request.IncludeQueryEmbedding) response.QueryEmbedding = query;
        if (index.Dimension == 0) return response;
        if (query.Values.Count != index.Dimension)
            throw new ValidationException([new("embedding.values", $"the query has {query.Values.Count} values; the gallery's dimension is {index.Dimension}",
                "EMBEDDING_DIMENSION_MISMATCH")]);
        var hasTags = request.TagFilter is { } t && (t.AllOf.Count + t.AnyOf.Count + t.NoneOf.Count) > 0;
        var vector = ArrayPool<float>.Shared.Rent(query.Values.Count);
        var hits = ArrayPool<Neighbor<string>>.Shared.Rent(request.K);
        try
        {
            query.Values.CopyTo(vector, 0);
            var span = vector.AsSpan(0, query.Values.Count);
            var n = hasTags
                ? index.Search(span, hits.AsSpan(0, request.K), request.Ef, Filter(index, request.TargetDomain, ownDomain, excludeId, request.TagFilter))
                : index.SearchByDomain(span, hits.AsSpan(0, request.K), request.Ef, request.TargetDomain, ownDomain, excludeId);
            for (var i = 0; i < n; i++)
            {
                if (!index.TryGet(hits[i].Key, out var item)) continue;
                response.Twins.Add(new Twin
                {
                    Item = View(item, request.IncludeThumbnails, request.IncludeEmbeddings), Distance = hits[i].Distance, Score = 1 - hits[i].Distance,
                });
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(vector);
            ArrayPool<Neighbor<string>>.Shared.Return(hits, clearArray: true);
        }
        return response;
    }

    private void ValidateQuery(FindTwinsRequest request, List<Violation> violations)
    {
        switch (request.QueryCase)
        {
            case FindTwinsRequest.QueryOneofCase.None:
                violations.Add(new("query", "exactly one of image, embedding or item_id is required", "REQUIRED"));
                break;
            case FindTwinsRequest.QueryOneofCase.ItemId:
                Validation.Id(request.ItemId, "item_id", violations);
                break;
            case FindTwinsRequest.QueryOneofCase.Embedding:
                Validation.EmbeddingValues(request.Embedding, "embedding", violations);
                break;
            case FindTwinsRequest.QueryOneofCase.Image:
                if (!IsKnownDomain(request.Image.Domain))
                    violations.Add(new("image.domain", $"'{request.Image.Domain}' is neither a configured domain nor the domain of any item", "UNKNOWN_DOMAIN"));
                ImageHeader.Check(request.Image.Image ?? new Image(), "image.image", _limits, violations);
                break;
        }
    }

    private async Task<(Contracts.Common.V1.Embedding Query, string OwnDomain, string? ExcludeId)> QueryVectorAsync(
        FindTwinsRequest request, CancellationToken cancellationToken)
    {
        switch (request.QueryCase)
        {
            case FindTwinsRequest.QueryOneofCase.ItemId:
                if (!replica.Index.TryGet(request.ItemId, out var item)) RpcErrors.ThrowNotFound($"no gallery item has the id '{request.ItemId}'");
                if (!replica.Index.IsIndexed(item.Id))
                    RpcErrors.ThrowFailedPrecondition(
                        $"item '{item.Id}' is not in the active index (its embedding is of model version '{item.ModelVersion}'); upsert it again");
                return (item.Embedding, item.Domain, item.Id);
            case FindTwinsRequest.QueryOneofCase.Embedding:
                CheckQueryVersion(request.Embedding, "embedding");
                return (request.Embedding, request.Embedding.Domain, null);
            default:
                // A reindex can switch the active index while the Embedder works on the query: the query is then
                // embedded once more with the version now active, instead of failing a request the caller got right.
                for (var attempt = 0; ; attempt++)
                {
                    var version = replica.ModelVersion;
                    var embedding = await embedder.EmbedAsync(request.Image.Image, request.Image.Domain, request.Image.FaceCrop,
                        new ModelRef { Name = _options.ModelName, Version = version ?? "" }, _options.EmbeddingLayout, cancellationToken);
                    if (attempt == 0 && replica.ModelVersion != version)
                        continue;
                    CheckQueryVersion(embedding, "image");
                    return (embedding, request.Image.Domain, null);
                }
        }
    }

    /// <summary>A query must be of the active index's version (a running reindex's target is not searchable yet).</summary>
    private void CheckQueryVersion(Contracts.Common.V1.Embedding embedding, string field)
    {
        CheckEmbedding(embedding, field);
        var active = replica.ModelVersion;
        if (active is not null && embedding.ModelVersion.Length > 0 && embedding.ModelVersion != active)
            RpcErrors.ThrowFailedPrecondition($"{field}: the query embedding is of model version '{embedding.ModelVersion}'; the active index holds '{active}'");
    }

    private async Task WaitForOffsetAsync(string minChangeOffset, DateTime deadline, CancellationToken cancellationToken)
    {
        if (minChangeOffset.Length == 0) return;
        if (!ChangeOffset.TryParse(minChangeOffset, out var target))
            throw new ValidationException([new("min_change_offset", "not a change offset returned by a write", "OUT_OF_RANGE")]);
        // Answer UNAVAILABLE a little before the deadline so the client learns why instead of seeing DEADLINE_EXCEEDED.
        var left = deadline == DateTime.MaxValue ? _options.MaxConsistencyWait : (deadline.ToUniversalTime() - DateTime.UtcNow) * 0.9;
        var wait = left < _options.MaxConsistencyWait ? left : _options.MaxConsistencyWait;
        if (!await replica.Index.WaitForAsync(target, wait, cancellationToken))
            RpcErrors.ThrowUnavailable(
                $"this replica has applied the change log up to {replica.Applied}, not yet {minChangeOffset}; retry (another replica may have it)");
    }

    private bool IsKnownDomain(string domain) => _options.Domains.Contains(domain) || replica.Index.HasDomain(domain);

    private static Func<string, bool> Filter(Indexing.GalleryIndex index, string target, string ownDomain, string? excludeId, TagFilter? tags)
    {
        var hasTags = tags is not null && (tags.AllOf.Count + tags.AnyOf.Count + tags.NoneOf.Count) > 0;
        return key =>
        {
            if (excludeId is not null && key == excludeId) return false;
            if (!index.TryGet(key, out var item)) return false;
            if (target.Length > 0 ? item.Domain != target : ownDomain.Length > 0 && item.Domain == ownDomain) return false;
            return !hasTags || Matches(item, tags!);
        };
    }

    private static bool Matches(GalleryItem item, TagFilter filter) =>
        filter.AllOf.All(item.Tags.Contains) &&
        (filter.AnyOf.Count == 0 || filter.AnyOf.Any(item.Tags.Contains)) &&
        !filter.NoneOf.Any(item.Tags.Contains);

    public ListItemsResponse ListItems(ListItemsRequest request)
    {
        EnsureServing();
        var violations = new List<Violation>();
        if (request.PageSize < 0) violations.Add(new("page_size", "must not be negative", "OUT_OF_RANGE"));
        if (request.Domain.Length > 0 && !Validation.IsDomain(request.Domain))
            violations.Add(new("domain", "domains are 1..32 characters of [a-z0-9_-] starting with a letter", "UNKNOWN_DOMAIN"));
        var filterKey = FilterKey(request);
        var after = "";
        if (request.PageToken.Length > 0 && !TryReadToken(request.PageToken, filterKey, out after))
            violations.Add(new("page_token", "not a page token of this listing (tokens are only valid with the filters they were issued for)",
                "INVALID_PAGE_TOKEN"));
        ValidationException.ThrowIfAny(violations);
        var size = request.PageSize == 0 ? DefaultPageSize : Math.Min(request.PageSize, _limits.MaxPageSize);
        var page = replica.Index.Items
            .Where(i => string.CompareOrdinal(i.Id, after) > 0 && (request.Domain.Length == 0 || i.Domain == request.Domain) &&
                        (request.TagFilter is null || Matches(i, request.TagFilter)))
            .OrderBy(i => i.Id, StringComparer.Ordinal)
            .Take(size + 1)
            .ToList();
        var response = new ListItemsResponse();
        response.Items.AddRange(page.Take(size).Select(i => View(i, request.IncludeThumbnails, false)));
        if (page.Count > size) response.NextPageToken = WriteToken(filterKey, page[size - 1].Id);
        return response;
    }

    private static string FilterKey(ListItemsRequest request)
    {
        var text = new StringBuilder(request.Domain).Append('\u0001');
        if (request.TagFilter is { } f)
            text.AppendJoin('\u0002', f.AllOf).Append('\u0001').AppendJoin('\u0002', f.AnyOf).Append('\u0001').AppendJoin('\u0002', f.NoneOf);
        return XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(text.ToString())).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string WriteToken(string filterKey, string lastId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"v1|{filterKey}|{lastId}"));

    private static bool TryReadToken(string token, string filterKey, out string lastId)
    {
        lastId = "";
        var bytes = new byte[token.Length];
        if (!Convert.TryFromBase64String(token, bytes, out var n)) return false;
        var parts = Encoding.UTF8.GetString(bytes, 0, n).Split('|', 3);
        if (parts.Length != 3 || parts[0] != "v1" || parts[1] != filterKey || !Validation.IsId(parts[2])) return false;
        lastId = parts[2];
        return true;
    }
}
