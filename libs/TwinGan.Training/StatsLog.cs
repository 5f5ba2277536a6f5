using System.Text;
using System.Text.Json;
using TwinGan.Model.Training;

namespace TwinGan.Training;

/// <summary>One line of stats.jsonl: progress at a report and every loss averaged since the previous one.</summary>
/// <param name="Losses">By hierarchical name, e.g. <c>Loss/G/recon/photo</c>, <c>Loss/D/gp/anime</c>, <c>Loss/G/total</c>.</param>
public sealed record StatsEntry(
    long ImagesSeen,
    long Step,
    int Resolution,
    double Alpha,
    GrowthPhase Phase,
    double ImagesPerSecond,
    long SkippedImages,
    DateTimeOffset Time,
    IReadOnlyDictionary<string, double> Losses);

/// <summary>
/// stats.jsonl (stylegan3's stats.jsonl): one flat JSON object per line, appended with one write per line. A process
/// killed mid-write can leave a torn last line: <see cref="Read"/> ignores it, and the run repairs the file before it
/// appends again (keeping only lines up to the checkpoint it resumes from, so no image count appears twice).
/// </summary>
public static class StatsLog
{
    private const string ImagesSeenKey = "imagesSeen";

    /// <summary>Reads every complete line; a torn last line is ignored, a corrupt line elsewhere is an error.</summary>
    public static IReadOnlyList<StatsEntry> Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            return [];
        var lines = File.ReadAllLines(path);
        var entries = new List<StatsEntry>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var entry = TryParse(lines[i]);
            if (entry is not null)
                entries.Add(entry);
            else if (i < lines.Length - 1 && lines[i].Length > 0)
                throw new InvalidDataException($"{Path.GetFileName(path)} line {i + 1} is not a stats object.");
        }
        return entries;
    }

    internal static void Append(string path, StatsEntry entry)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber(ImagesSeenKey, entry.ImagesSeen);
            json.WriteNumber("step", entry.Step);
            json.WriteNumber("resolution", entry.Resolution);
            json.WriteNumber("alpha", entry.Alpha);
            json.WriteString("phase", entry.Phase == GrowthPhase.FadeIn ? "fadeIn" : "stable");
            json.WriteNumber("imagesPerSecond", Math.Round(entry.ImagesPerSecond, 3));
            json.WriteNumber("skippedImages", entry.SkippedImages);
            json.WriteString("time", entry.Time);
            JsonLines.WriteValues(json, entry.Losses);
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        JsonLines.AppendLine(path, buffer.ToArray());
    }

    private static StatsEntry? TryParse(string line)
    {
        if (line.Length == 0)
            return null;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var losses = new SortedDictionary<string, double>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject().Where(p => p.Name.StartsWith("Loss/", StringComparison.Ordinal)))
                losses[property.Name] = property.Value.ValueKind == JsonValueKind.Null ? double.NaN : property.Value.GetDouble();
            return new StatsEntry(
                root.GetProperty(ImagesSeenKey).GetInt64(),
                root.GetProperty("step").GetInt64(),
                root.GetProperty("resolution").GetInt32(),
                root.GetProperty("alpha").GetDouble(),
                root.GetProperty("phase").GetString() == "fadeIn" ? GrowthPhase.FadeIn : GrowthPhase.Stable,
                root.GetProperty("imagesPerSecond").GetDouble(),
                root.GetProperty("skippedImages").GetInt64(),
                root.GetProperty("time").GetDateTimeOffset(),
                losses);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}

/// <summary>Append-only JSON-lines files of a run (stats.jsonl, evaluation.jsonl) and their repair after a kill.</summary>
internal static class JsonLines
{
    public static void AppendLine(string path, byte[] line)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(line);
        stream.Flush(flushToDisk: true);
    }

    public static void AppendObject(string path, long imagesSeen, DateTimeOffset time, IReadOnlyDictionary<string, double> values)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("imagesSeen", imagesSeen);
            json.WriteString("time", time);
            WriteValues(json, values);
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        AppendLine(path, buffer.ToArray());
    }

    /// <summary>
    /// Keeps the complete lines whose <c>imagesSeen</c> is at most <paramref name="maxImagesSeen"/> (the checkpoint a
    /// run resumes from) and drops the rest, including a torn last line; rewrites atomically, only when needed.
    /// </summary>
    public static void Repair(string path, long maxImagesSeen)
    {
        if (!File.Exists(path))
            return;
        var text = File.ReadAllText(path);
        var kept = new StringBuilder(text.Length);
        var changed = text.Length > 0 && text[^1] != '\n';
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (ImagesSeen(line) is { } images && images <= maxImagesSeen)
                kept.Append(line).Append('\n');
            else
                changed = true;
        }
        if (changed)
            AtomicFile.WriteAllText(path, kept.ToString());
    }

    private static long? ImagesSeen(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.TryGetProperty("imagesSeen", out var value) && value.TryGetInt64(out var images) ? images : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Values in name order; JSON has no NaN or infinity, so a diverged loss is written as null.</summary>
    public static void WriteValues(Utf8JsonWriter json, IReadOnlyDictionary<string, double> values)
    {
        foreach (var (name, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (double.IsFinite(value))
                json.WriteNumber(name, value);
            else
                json.WriteNull(name);
        }
    }
}
