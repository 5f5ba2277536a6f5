using System.Globalization;
using TwinGan.Contracts.Search.V1;

namespace TwinGan.Search.Storage;

/// <summary>What a reindex mark in the change log announces.</summary>
internal enum MarkEvent
{
    /// <summary>Replicas start building a staging index of the target version beside the active one.</summary>
    Begin,

    /// <summary>Replicas make the staging index active (or, with none, start an index of that version).</summary>
    Switch,

    /// <summary>Replicas drop the staging index; the active one stays.</summary>
    Abort,
}

/// <summary>
/// A reindex event in the change log. Every replica applies it at the same log position, so all switch between the
/// same two changes. Text form (stream field / log payload): <c>event|reindexId|version|m|efConstruction|efSearch</c>.
/// </summary>
internal sealed record ReindexMark(MarkEvent Event, string ReindexId, string Version, int M, int EfConstruction, int EfSearch)
{
    public static ReindexMark Begin(string reindexId, string version, IndexParams p) =>
        new(MarkEvent.Begin, reindexId, version, p.M, p.EfConstruction, p.EfSearch);

    public string Encode() => string.Create(CultureInfo.InvariantCulture,
        $"{Event.ToString().ToLowerInvariant()}|{ReindexId}|{Version}|{M}|{EfConstruction}|{EfSearch}");

    public static ReindexMark Decode(string text)
    {
        var p = text.Split('|');
        if (p.Length != 6 || !Enum.TryParse<MarkEvent>(p[0], ignoreCase: true, out var e))
            throw new FormatException($"'{text}' is not a reindex mark.");
        return new ReindexMark(e, p[1], p[2], Int(p[3]), Int(p[4]), Int(p[5]));
    }

    private static int Int(string s) => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);
}
