namespace TwinGan.Model.Options;

/// <summary>Image resolutions the progressive networks support: powers of two from 4 to 1024 px.</summary>
public static class Resolutions
{
    /// <summary>The bottleneck / first progressive stage (PGGAN starts at 4x4).</summary>
    public const int Min = 4;

    /// <summary>Largest supported side; the original trains to 256.</summary>
    public const int Max = 1024;

    /// <summary>Whether <paramref name="resolution"/> is a supported power of two.</summary>
    public static bool IsValid(int resolution) =>
        resolution is >= Min and <= Max && (resolution & (resolution - 1)) == 0;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless the resolution is supported.</summary>
    public static void Validate(int resolution, string paramName)
    {
        if (!IsValid(resolution))
            throw new ArgumentOutOfRangeException(paramName, resolution, $"Resolution must be a power of two in [{Min}, {Max}].");
    }

    /// <summary>4, 8, ..., <paramref name="finalResolution"/>.</summary>
    public static IEnumerable<int> UpTo(int finalResolution)
    {
        Validate(finalResolution, nameof(finalResolution));
        for (var r = Min; r <= finalResolution; r *= 2)
            yield return r;
    }
}
