using System.IO.Hashing;
using System.Text;
using TwinGan.Trainer.Grpc;

namespace TwinGan.Trainer.Jobs;

/// <summary>
/// AIP-158 page tokens: opaque base64 of the listing's filter digest and the position after which the next page starts.
/// A token only works with the filters it was issued for.
/// </summary>
internal static class PageTokens
{
    public const int DefaultPageSize = 50;

    public static int Size(int requested, int maxPageSize, List<Violation> invalid)
    {
        if (requested < 0) invalid.Add(new("page_size", "must not be negative", "OUT_OF_RANGE"));
        return requested <= 0 ? DefaultPageSize : Math.Min(requested, maxPageSize);
    }

    public static string Filter(params string[] parts) =>
        XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(string.Join('\u0001', parts))).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    public static string Write(string filter, string position) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"v1|{filter}|{position}"));

    /// <summary>The position of a token issued for <paramref name="filter"/>; "" for an empty token; null (and a violation) otherwise.</summary>
    public static string? Read(string token, string filter, List<Violation> invalid)
    {
        if (token.Length == 0) return "";
        var bytes = new byte[token.Length];
        if (Convert.TryFromBase64String(token, bytes, out var n))
        {
            var parts = Encoding.UTF8.GetString(bytes, 0, n).Split('|', 3);
            if (parts.Length == 3 && parts[0] == "v1" && parts[1] == filter) return parts[2];
        }
        invalid.Add(new("page_token", "not a page token of this listing (tokens are only valid with the filters they were issued for)", "INVALID_PAGE_TOKEN"));
        return null;
    }
}
