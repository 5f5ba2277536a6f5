using TwinGan.Deploy.Tests.Rendering;

namespace TwinGan.Deploy.Tests.Kubernetes;

/// <summary>Label selectors as the API server evaluates them (matchLabels and matchExpressions).</summary>
public static class Selectors
{
    /// <summary>A Service's <c>spec.selector</c>: a plain map; an empty one selects nothing here (no endpoints).</summary>
    public static bool MatchesMap(JsonNode? selector, IReadOnlyDictionary<string, string> labels)
    {
        var map = Json.StringMap(selector);
        return map.Count > 0 && map.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }

    /// <summary>A <c>LabelSelector</c>; null or <c>{}</c> selects everything.</summary>
    public static bool Matches(JsonNode? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is null) return true;
        var matchLabels = Json.StringMap(selector["matchLabels"]);
        if (!matchLabels.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value)) return false;
        return Json.Objects(selector["matchExpressions"]).All(e => MatchesExpression(e, labels));
    }

    private static bool MatchesExpression(JsonObject expression, IReadOnlyDictionary<string, string> labels)
    {
        var key = (string)expression["key"]!;
        var values = expression["values"]?.AsArray().Select(v => (string)v!).ToHashSet() ?? [];
        var has = labels.TryGetValue(key, out var value);
        return (string?)expression["operator"] switch
        {
            "In" => has && values.Contains(value!),
            "NotIn" => !has || !values.Contains(value!),
            "Exists" => has,
            "DoesNotExist" => !has,
            var op => throw new NotSupportedException($"selector operator '{op}'"),
        };
    }
}
