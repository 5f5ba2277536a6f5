using TwinGan.Data.Augmentation;
using TwinGan.Data.Imaging;
using TwinGan.Data.Loading;
using TwinGan.Model.Networks;
using static TorchSharp.torch;
using DataImage = TwinGan.Data.Imaging.RgbImage;

namespace TwinGan.Training;

/// <summary>
/// The sample sheet of a run: the same inputs every time (the first decodable images of each domain, centre-cropped),
/// and per domain three rows: inputs, reconstructions G_d(E_d(x)) and translations G_o(E_d(x)), from the EMA network
/// at the current stage, shown at the final resolution (at least <see cref="MinDisplaySide"/> px per tile).
/// </summary>
internal sealed class SampleGrid
{
    public const int MaxColumns = 6;
    public const int MinDisplaySide = 64;
    private readonly DataImage[][] inputs;
    private readonly int side;

    private SampleGrid(DataImage[][] inputs, int side)
    {
        this.inputs = inputs;
        this.side = side;
    }

    public static SampleGrid Create(IReadOnlyList<IImageSource> sources, int side)
    {
        var crop = new CenterCrop(side);
        var chosen = sources.Select(source => Enumerable.Range(0, source.Count)
            .Select(source.TryLoad)
            .OfType<SourceImage>()
            .Take(MaxColumns)
            .Select(item => crop.Apply(item.Image, new TwinGan.Data.Rng(0)))
            .ToArray()).ToArray();
        var columns = chosen.Min(c => c.Length);
        return new SampleGrid([.. chosen.Select(c => c[..columns])], Math.Max(side, MinDisplaySide));
    }

    /// <summary>Writes the sheet as a PNG (atomically: a sample path never holds half an image).</summary>
    public void Write(TwinGanNetwork ema, Stage stage, string path)
    {
        var columns = inputs[0].Length;
        if (columns == 0)
            return;
        var rows = new List<DataImage>();
        using (no_grad())
        using (NewDisposeScope())
        {
            for (var d = 0; d < inputs.Length; d++)
            {
                var other = 1 - d;
                var x = BatchTensors.Images(inputs[d], columns, stage.Resolution);
                using var encoded = ema.Encode(x, d, stage);
                var recon = ema.Decode(encoded, d, ema.Condition(null, null, columns, stage, neutralWhenMissing: true), stage);
                var translated = ema.Decode(encoded, other, ema.Condition(null, null, columns, stage, neutralWhenMissing: true), stage);
                rows.AddRange(BatchTensors.ToImages(x, side));
                rows.AddRange(BatchTensors.ToImages(recon, side));
                rows.AddRange(BatchTensors.ToImages(translated, side));
            }
        }
        var sheet = ContactSheet.Compose(rows, columns);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.tmp-{Guid.NewGuid():N}";
        File.WriteAllBytes(temporary, sheet.EncodePng());
        File.Move(temporary, path, overwrite: true);
    }
}
