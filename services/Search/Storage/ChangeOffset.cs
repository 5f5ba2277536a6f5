using System.Globalization;

namespace TwinGan.Search.Storage;

/// <summary>
/// A position in the gallery's change log: a Redis stream entry id (<c>ms-seq</c>) or, for the file log,
/// <c>seq-0</c>. Totally ordered; clients see only the string form (opaque, ordered per gallery).
/// </summary>
internal readonly record struct ChangeOffset(ulong Major, ulong Minor) : IComparable<ChangeOffset>
{
    public static readonly ChangeOffset Zero;

    public int CompareTo(ChangeOffset other) =>
        Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(ChangeOffset a, ChangeOffset b) => a.CompareTo(b) < 0;
    public static bool operator >(ChangeOffset a, ChangeOffset b) => a.CompareTo(b) > 0;
    public static bool operator <=(ChangeOffset a, ChangeOffset b) => a.CompareTo(b) <= 0;
    public static bool operator >=(ChangeOffset a, ChangeOffset b) => a.CompareTo(b) >= 0;

    public static ChangeOffset Max(ChangeOffset a, ChangeOffset b) => a >= b ? a : b;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Major}-{Minor}");

    public static bool TryParse(string? text, out ChangeOffset offset)
    {
        offset = Zero;
        if (string.IsNullOrEmpty(text)) return false;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || dash == text.Length - 1) return false;
        if (!ulong.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var major) ||
            !ulong.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
            return false;
        offset = new ChangeOffset(major, minor);
        return true;
    }

    public static ChangeOffset Parse(string text) =>
        TryParse(text, out var offset) ? offset : throw new FormatException($"'{text}' is not a change offset.");
}
