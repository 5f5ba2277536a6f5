namespace TwinGan.Training;

/// <summary>Whole-file writes that readers (and a process killed mid-write) never see half done.</summary>
internal static class AtomicFile
{
    /// <summary>Writes to a temporary sibling, flushes it to disk, then renames it over <paramref name="path"/>.</summary>
    public static void WriteAllText(string path, string contents)
    {
        var temporary = $"{path}.tmp-{Guid.NewGuid():N}";
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(contents);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
