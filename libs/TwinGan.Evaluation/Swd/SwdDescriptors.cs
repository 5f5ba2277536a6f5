namespace TwinGan.Evaluation.Swd;

/// <summary>
/// The finalised descriptors of one image set: per pyramid level, <see cref="Count"/> rows of 3 x 7 x 7 values,
/// normalised per colour channel over all rows of that level (finalize_descriptors).
/// </summary>
public sealed class SwdDescriptors
{
    internal SwdDescriptors(IReadOnlyList<int> levelSizes, int count, int dimensions, IReadOnlyList<float[]> levels)
    {
        (LevelSizes, Count, Dimensions, Levels) = (levelSizes, count, dimensions, levels);
    }

    public IReadOnlyList<int> LevelSizes { get; }

    /// <summary>Descriptors per level: images x patches per image.</summary>
    public int Count { get; }

    /// <summary>Components per descriptor: 3 x patch x patch.</summary>
    public int Dimensions { get; }

    /// <summary>Row-major Count x Dimensions per level.</summary>
    internal IReadOnlyList<float[]> Levels { get; }

    /// <summary>The values of descriptor <paramref name="row"/> at <paramref name="level"/> (a copy).</summary>
    public float[] Row(int level, int row) => Levels[level].AsSpan(row * Dimensions, Dimensions).ToArray();
}
