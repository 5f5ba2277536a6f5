using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using TwinGan.Model;
using TwinGan.Trainer.Grpc;
using TwinGan.Training;

namespace TwinGan.Trainer.Jobs;

/// <summary>
/// <c>JobConfig.advanced_options</c>: a JSON object merged into the run spec by the library's JSON names
/// (e.g. <c>{"statsIntervalImages": 64, "training": {"gpPerturbation": 0.5}}</c>). A name the spec does not have, or a
/// value of the wrong type, is INVALID_ARGUMENT. Datasets are only set through <c>config.domains</c>, so paths are
/// always checked.
/// </summary>
internal static class AdvancedOptions
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "data", "name" };

    public static RunSpec Apply(RunSpec spec, Struct? advanced, List<Violation> invalid)
    {
        if (advanced is null || advanced.Fields.Count == 0) return spec;
        var target = JsonNode.Parse(spec.ToJson())!.AsObject();
        JsonObject patch;
        try
        {
            patch = JsonNode.Parse(JsonFormatter.Default.Format(advanced))!.AsObject();
        }
        catch (InvalidOperationException)
        {
            invalid.Add(new("config.advanced_options", "every value must be set (null, number, string, bool, list or object)", "WRONG_TYPE"));
            return spec;
        }
        foreach (var key in patch.Select(p => p.Key).Where(Reserved.Contains))
            invalid.Add(new($"config.advanced_options.{key}", $"'{key}' is set through the config's own fields", "UNKNOWN_OPTION"));
        if (invalid.Count > 0) return spec;
        Merge(target, patch, "config.advanced_options", invalid);
        if (invalid.Count > 0) return spec;
        try
        {
            return RunSpec.FromJson(target.ToJsonString(ModelJson.Options));
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            invalid.Add(new("config.advanced_options", "a value has the wrong type for its option (see the run spec's JSON names in docs/trainer.md)", "WRONG_TYPE"));
            return spec;
        }
    }

    private static void Merge(JsonObject target, JsonObject patch, string path, List<Violation> invalid)
    {
        foreach (var (key, value) in patch.ToList())
        {
            var field = $"{path}.{key}";
            if (!target.ContainsKey(key))
            {
                invalid.Add(new(field, $"the run spec has no option '{key}' here", "UNKNOWN_OPTION"));
                continue;
            }
            if (target[key] is JsonObject inner && value is JsonObject innerPatch)
            {
                Merge(inner, innerPatch, field, invalid);
                continue;
            }
            target[key] = value?.DeepClone();
        }
    }
}
