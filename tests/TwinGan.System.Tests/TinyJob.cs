using System.Text.Json.Nodes;

namespace TwinGan.System.Tests;

/// <summary>A training job small enough for a test: built-in twin-faces, 4 → 8 px, 8-channel network, 192 images.</summary>
internal static class TinyJob
{
    /// <summary>The job as proto3 JSON (camelCase field names), for the Node.js client and the CLI's --config file.</summary>
    public static JsonObject Json(string modelName) => new()
    {
        ["modelName"] = modelName,
        ["domains"] = new JsonArray(
            new JsonObject { ["domain"] = "photo", ["builtin"] = "twin-faces/photo" },
            new JsonObject { ["domain"] = "anime", ["builtin"] = "twin-faces/anime" }),
        ["resolution"] = 8,
        ["startResolution"] = 4,
        ["channelPlan"] = new JsonObject { ["maxChannels"] = 8 },
        ["batchSizePerResolution"] = new JsonObject { ["4"] = 8, ["8"] = 8 },
        ["imagesPerFadePhase"] = "48",
        ["imagesPerStablePhase"] = "48",
        ["maxImages"] = "192",
        ["checkpointIntervalImages"] = "96",
        ["sampleIntervalImages"] = "96",
        ["seed"] = "3",
    };
}
