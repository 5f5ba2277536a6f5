using System.Text.RegularExpressions;

namespace TwinGan.Trainer.Jobs;

/// <summary>The alphabets of the contract (docs/protos.md): domains, model names, versions, ids.</summary>
internal static partial class Names
{
    [GeneratedRegex("^[a-z][a-z0-9_-]{0,31}$")]
    private static partial Regex DomainPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex ModelPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex VersionPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex KeyPattern();

    public static bool IsDomain(string value) => DomainPattern().IsMatch(value);

    public static bool IsModelName(string value) => ModelPattern().IsMatch(value);

    public static bool IsVersion(string value) => VersionPattern().IsMatch(value) && !value.Contains("..", StringComparison.Ordinal);

    /// <summary>Request ids, job ids and checkpoint ids: safe as file names and Redis keys.</summary>
    public static bool IsKey(string value) => KeyPattern().IsMatch(value) && !value.Contains("..", StringComparison.Ordinal);
}
