using System.Text;

namespace TwinGan.Data.TwinFaces;

/// <summary>How many images to export: per domain for train, pairs for test.</summary>
public sealed record TwinFacesCounts(int TrainPerDomain, int TestPairs);

/// <summary>What an export wrote.</summary>
public sealed record TwinFacesExport(string Root, int Size, int Images, IReadOnlyList<string> LabelFiles);

/// <summary>
/// Writes the dataset as ordinary image folders — <c>&lt;out&gt;/&lt;split&gt;/&lt;domain&gt;/&lt;id&gt;.png</c> plus
/// <c>&lt;out&gt;/&lt;split&gt;/labels.csv</c> (<c>file,domain,&lt;attributes&gt;</c>, file relative to the CSV) — so
/// the generic folder and CSV readers are exercised by the built-in data too.
/// </summary>
public static class TwinFacesExporter
{
    private static readonly FaceDomain[] Domains = [FaceDomain.Photo, FaceDomain.Anime];

    /// <summary>Writes the export (layout above); the same seed and counts write identical bytes.</summary>
    public static TwinFacesExport Write(string outDir, int size, TwinFacesCounts counts, long seed, CancellationToken cancellationToken = default) =>
        Write(outDir, size, counts, seed, _ => { }, cancellationToken);

    /// <summary>
    /// Writes the export and calls <paramref name="imagesWritten"/> with the number of images written so far after
    /// each image, from the writing threads (so it must be thread-safe; values may arrive out of order).
    /// </summary>
    public static TwinFacesExport Write(string outDir, int size, TwinFacesCounts counts, long seed, Action<int> imagesWritten,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outDir);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(imagesWritten);
        TwinFacesRenderer.ValidateSize(size);
        var labelFiles = new List<string>();
        int images = 0;
        int written = 0;
        foreach (var (split, count) in new[] { (TwinFacesSplits.Train, counts.TrainPerDomain), (TwinFacesSplits.Test, counts.TestPairs) })
        {
            string splitDir = Path.Combine(outDir, split);
            var rows = new StringBuilder().Append("file,domain,").AppendJoin(',', TwinFacesSchema.Schema.Attributes.Select(a => a.Name)).Append('\n');
            foreach (var domain in Domains)
            {
                var items = TwinFacesSplits.Split(split, domain, count, seed);
                string domainDir = Path.Combine(splitDir, TwinFacesSplits.Name(domain));
                Directory.CreateDirectory(domainDir);
                // Rendering and PNG encoding dominate; files are independent, so any order gives the same bytes.
                Parallel.ForEach(items, new ParallelOptions { CancellationToken = cancellationToken }, item =>
                {
                    File.WriteAllBytes(Path.Combine(domainDir, item.Id + ".png"), item.Render(size).EncodePng());
                    imagesWritten(Interlocked.Increment(ref written));
                });
                foreach (var item in items)
                    AppendRow(rows, item);
                images += items.Count;
            }
            string csv = Path.Combine(splitDir, "labels.csv");
            File.WriteAllText(csv, rows.ToString());
            labelFiles.Add(csv);
        }
        return new TwinFacesExport(outDir, size, images, labelFiles);
    }

    private static void AppendRow(StringBuilder rows, TwinFaceItem item)
    {
        string domain = TwinFacesSplits.Name(item.Domain);
        rows.Append(domain).Append('/').Append(item.Id).Append(".png,").Append(domain);
        foreach (string name in TwinFacesSchema.Schema.ClassNames(item.Labels()))
            rows.Append(',').Append(name);
        rows.Append('\n');
    }
}
