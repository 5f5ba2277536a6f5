namespace TwinGan.Deploy.Tests.Rendering;

/// <summary>Small accessors over Kubernetes objects as JSON.</summary>
public static class Json
{
    public static string Kind(JsonObject o) => (string?)o["kind"] ?? "";

    public static string Name(JsonObject o) => (string?)o["metadata"]?["name"] ?? "";

    public static string Describe(JsonObject o) => $"{Kind(o)}/{Name(o)}";

    public static IReadOnlyDictionary<string, string> StringMap(JsonNode? node) =>
        node is JsonObject map
            ? map.ToDictionary(kv => kv.Key, kv => kv.Value?.GetValueKind() == System.Text.Json.JsonValueKind.String ? (string)kv.Value! : kv.Value?.ToJsonString() ?? "")
            : new Dictionary<string, string>();

    public static IEnumerable<JsonObject> Objects(JsonNode? array) =>
        array is JsonArray a ? a.Select(n => n!.AsObject()) : [];

    /// <summary>JSON text with object keys sorted at every level, so equal objects compare equal as strings.</summary>
    public static string Canonical(JsonNode? node) => Sort(node)?.ToJsonString() ?? "null";

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, Sort(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(Sort).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };
}
