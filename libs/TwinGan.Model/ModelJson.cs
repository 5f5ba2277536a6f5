using System.Text.Json;
using System.Text.Json.Serialization;

namespace TwinGan.Model;

/// <summary>One JSON convention for manifests, options and progress: camelCase, enums as strings, indented.</summary>
public static class ModelJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
