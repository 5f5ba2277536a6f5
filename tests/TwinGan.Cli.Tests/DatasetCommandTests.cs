using TwinGan.Data.Imaging;
using TwinGan.Data.Readers;
using TwinGan.Data.TwinFaces;

namespace TwinGan.Cli.Tests;

/// <summary>
/// <c>twingan dataset</c> as a process: the built-in twin-faces dataset written as image folders with labels CSVs,
/// read back through the library's own folder and labels CSV readers, and its refusals of bad input.
/// </summary>
public sealed class DatasetCommandTests
{
    private const int Size = 16;
    private const int Train = 3;
    private const int Test = 2;
    private static readonly string[] Domains = ["photo", "anime"];

    private static Task<CliRun> Export(string outDir, long seed = 5, params string[] extra) =>
        CliProcess.RunAsync(["dataset", "--out", outDir, "--size", $"{Size}", "--train", $"{Train}", "--test", $"{Test}", "--seed", $"{seed}", .. extra]);

    /// <summary>Every file under a folder by its relative path with '/' separators, in ordinal order.</summary>
    private static List<string> Files(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Dataset_TinyExport_WritesBothSplitsAsImageFoldersWithMatchingLabelRows()
    {
        using var dir = new TempDir();
        var outDir = dir.File("twin-faces");

        var run = await Export(outDir, extra: "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal(2 * (Train + Test), (int?)json["images"]);
        Assert.Equal(Size, (int?)json["size"]);
        Assert.Equal(Path.Combine(outDir, "train", "labels.csv"), (string?)json["labelFiles"]![0]);
        Assert.Equal(Path.Combine(outDir, "test", "labels.csv"), (string?)json["labelFiles"]![1]);
        foreach (var (split, count) in new[] { ("train", Train), ("test", Test) })
        {
            var splitDir = Path.Combine(outDir, split);
            var images = Files(splitDir).Where(f => f.EndsWith(".png", StringComparison.Ordinal)).ToList();
            Assert.Equal(2 * count, images.Count);
            foreach (var domain in Domains)
                Assert.Equal(count, images.Count(f => f.StartsWith(domain + "/", StringComparison.Ordinal)));
            foreach (var image in images)
            {
                var decoded = ImageDecoder.TryDecode(Path.Combine(splitDir, image), out var error);
                Assert.True(decoded is not null, $"{split}/{image}: {error}");
                Assert.Equal((Size, Size), (decoded.Width, decoded.Height));
            }

            var lines = File.ReadAllLines(Path.Combine(splitDir, "labels.csv"));
            Assert.StartsWith("file,domain,", lines[0], StringComparison.Ordinal);
            var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
            Assert.Equal(images, rows.Select(r => r[0]).Order(StringComparer.Ordinal));
            Assert.All(rows, r => Assert.Equal(r[0][..r[0].IndexOf('/', StringComparison.Ordinal)], r[1]));
        }
        // The paired split: the same ids in both domains.
        Assert.Equal(Files(Path.Combine(outDir, "test", "photo")), Files(Path.Combine(outDir, "test", "anime")));
    }

    [Fact]
    public async Task Dataset_ReadBackThroughFolderAndLabelsCsvReaders_EveryImageLabelledAsGenerated()
    {
        using var dir = new TempDir();
        var outDir = dir.File("twin-faces");

        var run = await Export(outDir, seed: 9);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(outDir, run.Stdout, StringComparison.Ordinal);
        foreach (var (split, count) in new[] { (TwinFacesSplits.Train, Train), (TwinFacesSplits.Test, Test) })
        {
            var labels = LabelsCsv.Read(Path.Combine(outDir, split, "labels.csv"), TwinFacesSchema.Schema);

            var whole = labels.Apply(ImageFolderReader.Read(Path.Combine(outDir, split)));
            Assert.Equal(2 * count, whole.Dataset.Count);
            Assert.Equal(0, whole.UnlabelledImages);
            Assert.Equal(0, whole.RowsWithoutImage);

            foreach (var domain in new[] { FaceDomain.Photo, FaceDomain.Anime })
            {
                var join = labels.Apply(ImageFolderReader.Read(Path.Combine(outDir, split, TwinFacesSplits.Name(domain))));
                Assert.Equal(count, join.Dataset.Count);
                Assert.Equal(0, join.UnlabelledImages);
                Assert.Equal(count, join.RowsWithoutImage);
                var expected = TwinFacesSplits.Split(split, domain, count, seed: 9);
                Assert.Equal(expected.Select(e => e.Labels()), join.Dataset.Entries.Select(e => e.Labels.ToArray()));
            }
        }
    }

    [Fact]
    public async Task Dataset_SameSeedTwice_ByteIdenticalOutput_OtherSeedDiffers()
    {
        using var dir = new TempDir();
        string a = dir.File("a"), b = dir.File("b"), c = dir.File("c");

        var runs = await Task.WhenAll(Export(a, seed: 3), Export(b, seed: 3), Export(c, seed: 4));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.ToString()));
        var files = Files(a);
        Assert.Equal(2 * (Train + Test) + 2, files.Count);
        Assert.Equal(files, Files(b));
        Assert.All(files, f => Assert.True(File.ReadAllBytes(Path.Combine(a, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, f))), f));
        Assert.Equal(files, Files(c));
        Assert.Contains(files, f => !File.ReadAllBytes(Path.Combine(a, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(c, f))));
    }

    [Theory]
    [InlineData("--size", "12", "--size 12 is not a power of two from 8 to 256")]
    [InlineData("--size", "512", "--size 512 is not a power of two from 8 to 256")]
    [InlineData("--size", "4", "--size 4 is not a power of two from 8 to 256")]
    [InlineData("--train", "-1", "--train -1 is out of range")]
    [InlineData("--test", "-3", "--test -3 is out of range")]
    [InlineData("--train", "1000001", "--train 1000001 is out of range")]
    public async Task Dataset_BadOption_UsageExit2AndNothingWritten(string option, string value, string message)
    {
        using var dir = new TempDir();
        var outDir = dir.File("out");

        var options = new Dictionary<string, string> { ["--size"] = "16", ["--train"] = "2", ["--test"] = "2" };
        options[option] = value;

        var run = await CliProcess.RunAsync(["dataset", "--out", outDir, .. options.SelectMany(o => new[] { o.Key, o.Value })]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
        Assert.False(Path.Exists(outDir));
        CliProcess.AssertNoStackTrace(run);
    }

    [Fact]
    public async Task Dataset_NothingToWrite_UsageExit2()
    {
        using var dir = new TempDir();

        var run = await CliProcess.RunAsync("dataset", "--out", dir.File("out"), "--train", "0", "--test", "0");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("nothing to write", run.Stderr, StringComparison.Ordinal);
        Assert.False(Path.Exists(dir.File("out")));
    }

    [Fact]
    public async Task Dataset_OutIsAFile_UsageExit2AndTheFileIsUntouched()
    {
        using var dir = new TempDir();
        var file = dir.File("notes.txt");
        File.WriteAllText(file, "keep me");

        var run = await CliProcess.RunAsync("dataset", "--out", file, "--size", "8", "--train", "1", "--test", "1", "--json");

        Assert.True(run.ExitCode == 2, run.ToString());
        var error = run.ErrorJson();
        Assert.Equal("USAGE", (string?)error["code"]);
        Assert.Contains("is a file, not a folder", (string?)error["message"], StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(file));
    }

    [Fact]
    public async Task Dataset_OutNotEmpty_RefusedWithoutForce_ForceReplacesOnlyTrainAndTest()
    {
        using var dir = new TempDir();
        var outDir = dir.File("out");
        Directory.CreateDirectory(Path.Combine(outDir, "train", "photo"));
        var stale = Path.Combine(outDir, "train", "photo", "999999.png");
        File.WriteAllBytes(stale, [1, 2, 3]);
        var other = Path.Combine(outDir, "README.txt");
        File.WriteAllText(other, "mine");

        var refused = await Export(outDir);

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("is not empty", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("--force", refused.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(stale));
        Assert.False(Directory.Exists(Path.Combine(outDir, "test")));
        CliProcess.AssertNoStackTrace(refused);

        var forced = await Export(outDir, extra: "--force");

        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.False(File.Exists(stale));
        Assert.Equal("mine", File.ReadAllText(other));
        Assert.Equal(2 * (Train + Test) + 3, Files(outDir).Count);
    }
}
