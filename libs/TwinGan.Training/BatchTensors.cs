using TwinGan.Data;
using TwinGan.Model.Options;
using static TorchSharp.torch;
using DataImage = TwinGan.Data.Imaging.RgbImage;

namespace TwinGan.Training;

/// <summary>Decoded images to network input: (N, 3, R, R) in [-1, 1] (v / 127.5 - 1, as the codec does), box-filtered
/// down to the stage's resolution (PGGAN downsamples the full-resolution images by averaging 2x2 blocks per stage).</summary>
internal static class BatchTensors
{
    public static Tensor Images(IReadOnlyList<DataImage> images, int count, int resolution)
    {
        var side = images[0].Width;
        var plane = side * side;
        var data = new float[count * 3 * plane];
        for (var i = 0; i < count; i++)
        {
            var pixels = images[i].Pixels;
            if (images[i].Width != side || images[i].Height != side)
                throw new InvalidDataException($"Image {i} of a batch is {images[i].Width}x{images[i].Height}, expected {side}x{side}.");
            var offset = i * 3 * plane;
            for (var p = 0; p < plane; p++)
            {
                data[offset + p] = (pixels[p * 3] / 127.5f) - 1f;
                data[offset + plane + p] = (pixels[(p * 3) + 1] / 127.5f) - 1f;
                data[offset + (2 * plane) + p] = (pixels[(p * 3) + 2] / 127.5f) - 1f;
            }
        }
        var full = tensor(data, [count, 3, side, side]);
        return Downsample(full, resolution);
    }

    /// <summary>Box filter from the tensor's side to <paramref name="resolution"/> (both powers of two).</summary>
    public static Tensor Downsample(Tensor images, int resolution)
    {
        var side = (int)images.shape[3];
        if (side == resolution)
            return images;
        if (side < resolution || side % resolution != 0)
            throw new InvalidOperationException($"Cannot box-filter {side} px images to {resolution} px.");
        using (images)
            return nn.functional.avg_pool2d(images, side / resolution);
    }

    /// <summary>Network output (N, 3, R, R) to 8-bit images, upscaled by pixel repetition to <paramref name="side"/>.</summary>
    public static IReadOnlyList<DataImage> ToImages(Tensor images, int side)
    {
        using var scope = NewDisposeScope();
        var resolution = (int)images.shape[3];
        var scaled = resolution == side ? images : nn.functional.interpolate(images, size: [side, side], mode: InterpolationMode.Nearest);
        var bytes = ((scaled.detach().clamp(-1, 1) + 1) * 127.5f).round().to_type(ScalarType.Byte).permute(0, 2, 3, 1).contiguous();
        var all = bytes.data<byte>().ToArray();
        var n = (int)bytes.shape[0];
        var size = side * side * 3;
        return [.. Enumerable.Range(0, n).Select(i => new DataImage(side, side, all[(i * size)..((i + 1) * size)]))];
    }
}

/// <summary>
/// Maps dataset labels (class indices per attribute) to the model's attribute vector. A model attribute named
/// <c>attribute=class</c> is 1 when the label is that class (<c>hair_color=green</c>); a bare <c>attribute</c> of a
/// two-class attribute (CelebA's no/yes) is 1 when the label is the second class. Not-applicable labels give 0.
/// </summary>
internal sealed class AttributeVectors
{
    private readonly (int Attribute, int Class)[] map;

    private AttributeVectors((int, int)[] map) => this.map = map;

    public static AttributeVectors? Create(ConditioningOptions conditioning, AttributeSchema schema, string domain)
    {
        if (!conditioning.UsesAttributes)
            return null;
        var map = conditioning.AttributeNames.Select(name => Resolve(name, schema, domain)).ToArray();
        return new AttributeVectors(map);
    }

    public Tensor Labels(IReadOnlyList<IReadOnlyList<int>> labels, int count)
    {
        var data = new float[count * map.Length];
        for (var i = 0; i < count; i++)
        {
            for (var a = 0; a < map.Length; a++)
                data[(i * map.Length) + a] = labels[i].Count > map[a].Attribute && labels[i][map[a].Attribute] == map[a].Class ? 1f : 0f;
        }
        return tensor(data, [count, map.Length]);
    }

    private static (int, int) Resolve(string name, AttributeSchema schema, string domain)
    {
        var split = name.IndexOf('=', StringComparison.Ordinal);
        var attributeName = split < 0 ? name : name[..split];
        var attribute = schema.IndexOf(attributeName);
        if (attribute < 0)
            throw new ArgumentException($"Domain '{domain}': the model's attribute '{name}' is not labelled by its dataset (attributes: {string.Join(", ", schema.Attributes.Select(a => a.Name))}).", nameof(name));
        var classes = schema.Attributes[attribute].Classes;
        if (split < 0)
        {
            if (classes.Count != 2)
                throw new ArgumentException($"Domain '{domain}': attribute '{name}' has {classes.Count} classes; name one as '{name}=<class>' ({string.Join(", ", classes)}).", nameof(name));
            return (attribute, 1);
        }
        var cls = schema.Attributes[attribute].IndexOf(name[(split + 1)..]);
        if (cls < 0)
            throw new ArgumentException($"Domain '{domain}': '{name[(split + 1)..]}' is not a class of '{attributeName}' ({string.Join(", ", classes)}).", nameof(name));
        return (attribute, cls);
    }
}
