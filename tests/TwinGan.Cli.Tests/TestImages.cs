using TwinGan.Data.TwinFaces;

namespace TwinGan.Cli.Tests;

/// <summary>Portraits of the built-in twin-faces dataset written as PNG files.</summary>
internal static class TestImages
{
    /// <summary>Writes the first <paramref name="count"/> test-split faces of a domain as <c>&lt;dir&gt;/&lt;id&gt;.png</c>.</summary>
    public static IReadOnlyList<string> Write(string dir, FaceDomain domain, int count, int size = 32)
    {
        Directory.CreateDirectory(dir);
        return [.. TwinFacesSplits.TestSplit(domain, count, seed: 7).Select(item =>
        {
            var path = Path.Combine(dir, item.Id + ".png");
            File.WriteAllBytes(path, item.Render(size).EncodePng());
            return path;
        })];
    }
}
