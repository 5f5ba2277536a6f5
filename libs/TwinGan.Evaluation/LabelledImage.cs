using TwinGan.Data.Imaging;

namespace TwinGan.Evaluation;

/// <summary>An 8-bit image with its label vector in schema order (-1 where the attribute does not apply).</summary>
public sealed record LabelledImage(RgbImage Image, IReadOnlyList<int> Labels);
