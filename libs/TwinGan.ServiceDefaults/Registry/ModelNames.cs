using System.Text.RegularExpressions;

namespace TwinGan.ServiceDefaults.Registry;

/// <summary>
/// Model names and versions become folder names in the model store and Redis keys, so they are restricted to
/// a safe alphabet (no path separators, no "..").
/// </summary>
public static partial class ModelNames
{
    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex VersionPattern();

    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal);

    public static bool IsValidVersion(string? version) =>
        version is not null && VersionPattern().IsMatch(version) && !version.Contains("..", StringComparison.Ordinal);

    public static void ThrowIfInvalid(string modelName, string? version = null)
    {
        if (!IsValidName(modelName))
            throw new ArgumentException($"Model name '{modelName}' must be 1-64 characters of a-z, 0-9, '.', '_', '-' and start with a letter or digit.", nameof(modelName));
        if (version is not null && !IsValidVersion(version))
            throw new ArgumentException($"Model version '{version}' must be 1-64 characters of A-Z, a-z, 0-9, '.', '_', '-' and start with a letter or digit.", nameof(version));
    }
}
