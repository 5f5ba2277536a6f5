namespace TwinGan.Data.Readers;

/// <summary>The result of joining labels onto images: the labelled images and what did not match.</summary>
public sealed record LabelJoin(ImageDataset Dataset, int UnlabelledImages, int RowsWithoutImage);

/// <summary>Rows of a labels CSV, ready to be joined onto an image list.</summary>
public sealed class LabelsTable(string directory, string fileName, AttributeSchema schema, IReadOnlyList<LabelRow> rows)
{
    public AttributeSchema Schema { get; } = schema;

    public IReadOnlyList<LabelRow> Rows { get; } = rows;

    /// <summary>
    /// Joins by file name: a row labels the image whose path ends with the row's file (so <c>photo/000001.png</c>
    /// and <c>anime/000001.png</c> stay apart while bare names work too). Images without a row are dropped and
    /// counted; an image matched by two rows is an error naming both lines.
    /// </summary>
    public LabelJoin Apply(ImageDataset images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var byName = Rows.ToLookup(r => r.File[(r.File.LastIndexOf('/') + 1)..], StringComparer.Ordinal);
        var used = new HashSet<LabelRow>();
        var entries = new List<ImageEntry>(images.Count);
        foreach (var image in images.Entries)
        {
            string path = image.Path.Replace('\\', '/');
            var matches = byName[Path.GetFileName(path)].Where(r => path.EndsWith("/" + r.File, StringComparison.Ordinal)).ToList();
            if (matches.Count > 1)
            {
                // Prefer the row whose path, resolved against the CSV's folder, is exactly this image.
                var exact = matches.Where(r => string.Equals(Path.GetFullPath(Path.Combine(directory, r.File)).Replace('\\', '/'), path, StringComparison.Ordinal)).ToList();
                if (exact.Count != 1)
                    throw new DatasetFormatException(fileName, matches[1].Line, $"'{path}' is labelled by both line {matches[0].Line} and line {matches[1].Line}.");
                matches = exact;
            }
            if (matches.Count == 0)
                continue;
            used.Add(matches[0]);
            entries.Add(image with { Labels = matches[0].Labels });
        }
        return new LabelJoin(images with { Entries = entries, Schema = Schema }, images.Count - entries.Count, Rows.Count - used.Count);
    }
}
