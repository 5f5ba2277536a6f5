namespace TwinGan.Data.Imaging;

/// <summary>Limits every decoded request image must meet; the services bind them from <c>Limits</c> (docs/protos.md).</summary>
public sealed record ImageLimits(long MaxBytes = 10L * 1024 * 1024, long MaxPixels = 16L * 1024 * 1024)
{
    public static ImageLimits Default { get; } = new();
}
