namespace TwinGan.Evaluation.Swd;

/// <summary>
/// SWD settings; the defaults are PGGAN's (sliced_wasserstein.py API): 7x7 neighbourhoods, 128 per image per
/// level, levels down to 16 px, 4 repeats of 128 random directions = 512 projections per level.
/// </summary>
public sealed record SwdOptions
{
    public int PatchSize { get; init; } = 7;

    public int PatchesPerImage { get; init; } = 128;

    public int DirectionRepeats { get; init; } = 4;

    public int DirectionsPerRepeat { get; init; } = 128;

    /// <summary>The coarsest pyramid level (PGGAN stops at 16 px).</summary>
    public int MinResolution { get; init; } = 16;

    public void Validate()
    {
        if (PatchSize < 1 || PatchSize % 2 == 0)
            throw new ArgumentException($"PatchSize must be odd and positive, got {PatchSize}.", nameof(PatchSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PatchesPerImage);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(DirectionRepeats);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(DirectionsPerRepeat);
        if (MinResolution <= PatchSize)
            throw new ArgumentException($"MinResolution ({MinResolution}) must exceed PatchSize ({PatchSize}).", nameof(MinResolution));
    }
}

/// <summary>SWD x 1e3 per pyramid level (finest first) and their mean, PGGAN's SWDx1e3_{res} and SWDx1e3_avg.</summary>
public sealed record SwdResult(IReadOnlyList<int> LevelSizes, IReadOnlyList<double> PerLevel)
{
    public double Average => PerLevel.Average();
}
