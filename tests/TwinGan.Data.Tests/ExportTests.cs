using TwinGan.Data.Readers;
using TwinGan.Data.Tests.Infrastructure;
using TwinGan.Data.TwinFaces;

namespace TwinGan.Data.Tests;

public class ExportTests
{
    [Fact]
    public void Write_ThenReadFoldersAndLabels_SameLabelsAsGenerator()
    {
        using var dir = new TempDirectory();
        var export = TwinFacesExporter.Write(dir.Path, 16, new TwinFacesCounts(TrainPerDomain: 6, TestPairs: 4), seed: 21);
        Assert.Equal((6 * 2) + (4 * 2), export.Images);

        foreach (var (split, count) in new[] { (TwinFacesSplits.Train, 6), (TwinFacesSplits.Test, 4) })
        {
            var labels = LabelsCsv.Read(dir.Combine(split, "labels.csv"), TwinFacesSchema.Schema);
            foreach (var domain in new[] { FaceDomain.Photo, FaceDomain.Anime })
            {
                var images = ImageFolderReader.Read(dir.Combine(split, TwinFacesSplits.Name(domain)));
                var join = labels.Apply(images);
                Assert.Equal(0, join.UnlabelledImages);
                Assert.Equal(count, join.RowsWithoutImage);
                var expected = TwinFacesSplits.Split(split, domain, count, 21);
                Assert.Equal(count, join.Dataset.Count);
                for (int i = 0; i < count; i++)
                {
                    Assert.EndsWith($"/{TwinFacesSplits.Name(domain)}/{expected[i].Id}.png", join.Dataset.Entries[i].Path.Replace('\\', '/'), StringComparison.Ordinal);
                    Assert.Equal(expected[i].Labels(), join.Dataset.Entries[i].Labels);
                }
            }
        }
    }

    [Fact]
    public void Write_SameSeedTwice_IdenticalFiles()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        TwinFacesExporter.Write(a.Path, 8, new TwinFacesCounts(3, 2), seed: 4);
        TwinFacesExporter.Write(b.Path, 8, new TwinFacesCounts(3, 2), seed: 4);
        Assert.Equal(File.ReadAllBytes(a.Combine("train", "anime", "000002.png")), File.ReadAllBytes(b.Combine("train", "anime", "000002.png")));
        Assert.Equal(File.ReadAllText(a.Combine("test", "labels.csv")), File.ReadAllText(b.Combine("test", "labels.csv")));
    }

    [Fact]
    public void Write_SizeNotPowerOfTwo_ThrowsBeforeWriting()
    {
        using var dir = new TempDirectory();
        Assert.Throws<ArgumentOutOfRangeException>(() => TwinFacesExporter.Write(dir.Path, 100, new TwinFacesCounts(1, 1), seed: 1));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Write_LabelsHeader_FileDomainThenAttributes()
    {
        using var dir = new TempDirectory();
        TwinFacesExporter.Write(dir.Path, 8, new TwinFacesCounts(1, 1), seed: 1);
        var lines = File.ReadAllLines(dir.Combine("train", "labels.csv"));
        Assert.Equal("file,domain," + string.Join(',', TwinFacesSchema.Schema.Attributes.Select(a => a.Name)), lines[0]);
        Assert.StartsWith("photo/000000.png,photo,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",,", lines[1], StringComparison.Ordinal);
    }
}
