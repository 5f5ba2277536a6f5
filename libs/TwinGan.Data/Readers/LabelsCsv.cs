namespace TwinGan.Data.Readers;

/// <summary>One CSV row: the file as written (relative to the CSV's folder, '/' separated), its domain, its labels.</summary>
public sealed record LabelRow(int Line, string File, string? Domain, IReadOnlyList<int> Labels);

/// <summary>
/// A labels CSV for attribute conditioning: header <c>file[,domain],&lt;attribute&gt;...</c>, one row per image,
/// class names as values and an empty cell for "not applicable". With a schema, values must be its classes; without
/// one, each column's classes are its distinct values in ordinal order. Errors name the file and line.
/// </summary>
public static class LabelsCsv
{
    public static LabelsTable Read(string path, AttributeSchema? schema = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string name = Path.GetFileName(path);
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0)
            throw new DatasetFormatException(name, 1, "empty file; expected a header starting with 'file'.");
        var header = CsvLine.Split(lines[0], name, 1);
        if (header.Count == 0 || header[0] != "file")
            throw new DatasetFormatException(name, 1, "the header must start with 'file'.");
        int first = header.Count > 1 && header[1] == "domain" ? 2 : 1;
        var columns = header.Skip(first).ToList();

        var raw = new List<(int Line, IReadOnlyList<string> Fields)>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
                continue;
            var fields = CsvLine.Split(lines[i], name, i + 1);
            if (fields.Count != header.Count)
                throw new DatasetFormatException(name, i + 1, $"expected {header.Count} fields ({string.Join(',', header)}), found {fields.Count}.");
            if (fields[0].Length == 0)
                throw new DatasetFormatException(name, i + 1, "empty file name.");
            raw.Add((i + 1, fields));
        }

        schema ??= Infer(columns, raw.Select(r => r.Fields.Skip(first).ToList()));
        var map = columns.Select(c => schema.IndexOf(c)).ToArray();
        for (int c = 0; c < columns.Count; c++)
        {
            if (map[c] < 0)
                throw new DatasetFormatException(name, 1, $"column '{columns[c]}' is not an attribute of the schema.");
        }

        var rows = new List<LabelRow>(raw.Count);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, fields) in raw)
        {
            string file = fields[0].Replace('\\', '/');
            if (!seen.TryAdd(file, line))
                throw new DatasetFormatException(name, line, $"'{file}' is already labelled on line {seen[file]}.");
            var labels = Enumerable.Repeat(AttributeDefinition.NotApplicable, schema.Count).ToArray();
            for (int c = 0; c < columns.Count; c++)
            {
                string value = fields[first + c];
                if (value.Length == 0)
                    continue;
                var attribute = schema.Attributes[map[c]];
                labels[map[c]] = attribute.IndexOf(value);
                if (labels[map[c]] < 0)
                    throw new DatasetFormatException(name, line, $"'{value}' is not a class of '{attribute.Name}' ({string.Join(", ", attribute.Classes)}).");
            }
            rows.Add(new LabelRow(line, file, first == 2 ? fields[1] : null, labels));
        }
        return new LabelsTable(Path.GetDirectoryName(Path.GetFullPath(path))!, name, schema, rows);
    }

    private static AttributeSchema Infer(List<string> columns, IEnumerable<List<string>> values)
    {
        var classes = columns.Select(_ => new SortedSet<string>(StringComparer.Ordinal)).ToList();
        foreach (var row in values)
        {
            for (int c = 0; c < columns.Count; c++)
            {
                if (row[c].Length > 0)
                    classes[c].Add(row[c]);
            }
        }
        return new AttributeSchema(columns.Select((c, i) => new AttributeDefinition(c, classes[i].ToList())).ToList());
    }
}
