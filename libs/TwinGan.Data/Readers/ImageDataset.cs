namespace TwinGan.Data.Readers;

/// <summary>One image file and its labels (in the dataset schema's order; empty when the dataset has none).</summary>
public sealed record ImageEntry(string Path, IReadOnlyList<int> Labels);

/// <summary>
/// A dataset as a list of files, not pixels: images are decoded only when the loader asks for them, so a dataset of
/// any size costs a path and a label vector per image.
/// </summary>
public sealed record ImageDataset(string Root, IReadOnlyList<ImageEntry> Entries, AttributeSchema Schema)
{
    public int Count => Entries.Count;
}
