using TwinGan.Model.Options;

namespace TwinGan.Model.Networks;

/// <summary>
/// Where progressive growing stands (PGGAN section 3): networks run at <see cref="Resolution"/>; during a fade-in
/// the new top block is blended with the upsampled previous stage by <see cref="Alpha"/> (1 = fully grown).
/// </summary>
public readonly record struct Stage
{
    public Stage(int resolution, double alpha = 1.0)
    {
        Resolutions.Validate(resolution, nameof(resolution));
        if (alpha is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Fade-in alpha must be in [0, 1].");
        if (resolution == Resolutions.Min && alpha < 1)
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The 4x4 stage has nothing to fade from.");
        Resolution = resolution;
        Alpha = alpha;
    }

    public int Resolution { get; }

    public double Alpha { get; }

    /// <summary>Whether the previous stage's path still contributes.</summary>
    public bool IsFading => Alpha < 1.0;
}
