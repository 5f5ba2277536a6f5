using System.Globalization;

namespace TwinGan.Data.Readers;

/// <summary>
/// The CelebA layout: <c>img_align_celeba/</c> and <c>list_attr_celeba.txt</c>, whose first line is the image count,
/// second line the 40 attribute names, then one line per image: file name and -1/1 per attribute, separated by
/// runs of spaces. Each attribute becomes a two-class label (no, yes).
/// </summary>
public static class CelebAReader
{
    public const string ImagesFolder = "img_align_celeba";
    public const string AttributesFile = "list_attr_celeba.txt";

    public static ImageDataset Read(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        string full = Path.GetFullPath(root);
        string attributes = Path.Combine(full, AttributesFile), images = Path.Combine(full, ImagesFolder);
        if (!File.Exists(attributes))
            throw new FileNotFoundException($"CelebA attribute file '{attributes}' does not exist.", attributes);
        if (!Directory.Exists(images))
            throw new DirectoryNotFoundException($"CelebA image folder '{images}' does not exist.");

        using var reader = new StreamReader(attributes);
        string name = AttributesFile;
        if (!int.TryParse(reader.ReadLine()?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int declared))
            throw new DatasetFormatException(name, 1, "expected the image count.");
        var header = Split(reader.ReadLine() ?? "");
        if (header.Length == 0)
            throw new DatasetFormatException(name, 2, "expected the attribute names.");
        var schema = new AttributeSchema(header.Select(h => new AttributeDefinition(h, ["no", "yes"])).ToList());

        var entries = new List<ImageEntry>(declared);
        int lineNumber = 2;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            var fields = Split(line);
            if (fields.Length == 0)
                continue;
            if (fields.Length != header.Length + 1)
                throw new DatasetFormatException(name, lineNumber, $"expected a file name and {header.Length} values, found {fields.Length} fields.");
            var labels = new int[header.Length];
            for (int i = 0; i < header.Length; i++)
            {
                labels[i] = fields[i + 1] switch
                {
                    "1" => 1,
                    "-1" => 0,
                    _ => throw new DatasetFormatException(name, lineNumber, $"attribute '{header[i]}' is '{fields[i + 1]}', expected -1 or 1."),
                };
            }
            entries.Add(new ImageEntry(Path.Combine(images, fields[0]), labels));
        }
        if (entries.Count != declared)
            throw new DatasetFormatException(name, 1, $"declares {declared} images but lists {entries.Count}.");
        return new ImageDataset(full, entries, schema);
    }

    private static string[] Split(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
