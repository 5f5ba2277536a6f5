using System.Text;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Search.V1;
using TwinGan.Search.Options;

namespace TwinGan.Search.Gallery;

/// <summary>Checks of the contract's fixed formats and the configured limits (docs/protos.md). Nothing here does I/O.</summary>
internal static class Validation
{
    public const int MaxIdLength = 256;
    public const int MaxImageUriLength = 2048;

    public static bool IsDomain(string domain) =>
        domain.Length is >= 1 and <= 32 && char.IsAsciiLetterLower(domain[0]) &&
        domain.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-');

    public static bool IsId(string id) =>
        id.Length is >= 1 and <= MaxIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '/' or '@' or '+' or '-');

    /// <summary>Reindex ids are server-assigned: 1..64 ASCII letters and digits.</summary>
    public static bool IsReindexId(string id) => id.Length is >= 1 and <= 64 && id.All(char.IsAsciiLetterOrDigit);

    public static void Id(string id, string field, List<Violation> violations)
    {
        if (id.Length == 0) violations.Add(new(field, "an id is required", "REQUIRED"));
        else if (!IsId(id)) violations.Add(new(field, $"ids are 1..{MaxIdLength} characters of [A-Za-z0-9._:/@+-]", "INVALID_ID"));
    }

    /// <summary>Checks the parts of an item other than its content (embedding or image).</summary>
    public static void ItemFields(UpsertItem item, SearchLimits limits, IReadOnlyCollection<string> allowedDomains, List<Violation> v)
    {
        Id(item.Id, "id", v);
        if (item.Domain.Length == 0) v.Add(new("domain", "a domain is required", "REQUIRED"));
        else if (!IsDomain(item.Domain)) v.Add(new("domain", "domains are 1..32 characters of [a-z0-9_-] starting with a letter", "UNKNOWN_DOMAIN"));
        else if (allowedDomains.Count > 0 && !allowedDomains.Contains(item.Domain))
            v.Add(new("domain", $"'{item.Domain}' is not one of the gallery's domains ({string.Join(", ", allowedDomains)})", "UNKNOWN_DOMAIN"));
        if (item.Tags.Distinct(StringComparer.Ordinal).Count() > limits.MaxTagsPerItem)
            v.Add(new("tags", $"at most {limits.MaxTagsPerItem} tags", "TOO_MANY_TAGS"));
        for (var i = 0; i < item.Tags.Count; i++)
        {
            if (item.Tags[i].Length < 1 || item.Tags[i].Length > limits.MaxTagLength)
                v.Add(new($"tags[{i}]", $"tags are 1..{limits.MaxTagLength} characters", "OUT_OF_RANGE"));
        }
        var metadataBytes = item.Metadata.Sum(p => Encoding.UTF8.GetByteCount(p.Key) + Encoding.UTF8.GetByteCount(p.Value));
        if (item.Metadata.Count > limits.MaxMetadataEntries || metadataBytes > limits.MaxMetadataBytes)
            v.Add(new("metadata", $"at most {limits.MaxMetadataEntries} entries and {limits.MaxMetadataBytes} bytes of keys and values", "METADATA_TOO_LARGE"));
        if (item.Thumbnail is { } thumb)
        {
            if (thumb.Data.Length > limits.MaxThumbnailBytes)
                v.Add(new("thumbnail.data", $"thumbnail is {thumb.Data.Length} bytes; the limit is {limits.MaxThumbnailBytes}", "IMAGE_TOO_LARGE"));
            else
                ImageHeader.Check(thumb, "thumbnail", limits, v);
        }
        if (item.ImageUri.Length > MaxImageUriLength)
            v.Add(new("image_uri", $"at most {MaxImageUriLength} characters", "OUT_OF_RANGE"));
        if (item.ContentCase == UpsertItem.ContentOneofCase.None)
            v.Add(new("content", "exactly one of image or embedding is required", "REQUIRED"));
        else if (item.ContentCase == UpsertItem.ContentOneofCase.Image)
            ImageHeader.Check(item.Image.Image ?? new Image(), "image.image", limits, v);
        else if (item.Embedding.Domain.Length > 0 && item.Embedding.Domain != item.Domain)
            v.Add(new("embedding.domain", "must be empty or equal the item's domain", "OUT_OF_RANGE"));
    }

    /// <summary>Values must be finite and not all zero (cosine needs a direction).</summary>
    public static void EmbeddingValues(Contracts.Common.V1.Embedding embedding, string field, List<Violation> v)
    {
        if (embedding.Values.Count == 0)
        {
            v.Add(new($"{field}.values", "an embedding needs values", "REQUIRED"));
            return;
        }
        var norm = 0.0;
        for (var i = 0; i < embedding.Values.Count; i++)
        {
            var x = embedding.Values[i];
            if (!float.IsFinite(x))
            {
                v.Add(new($"{field}.values[{i}]", "embedding values must be finite (no NaN or infinity)", "EMBEDDING_NOT_FINITE"));
                return;
            }
            norm += x * (double)x;
        }
        if (norm == 0) v.Add(new($"{field}.values", "the embedding is all zeros; cosine similarity needs a direction", "OUT_OF_RANGE"));
    }
}
