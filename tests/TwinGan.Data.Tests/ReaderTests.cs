using TwinGan.Data.Imaging;
using TwinGan.Data.Readers;
using TwinGan.Data.Tests.Infrastructure;

namespace TwinGan.Data.Tests;

public class ReaderTests
{
    private static readonly byte[] Png = new RgbImage(4, 4, new byte[48]).EncodePng();

    [Fact]
    public void ImageFolder_NestedMixedFiles_ImagesOnlyInOrdinalOrder()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("b", "c"));
        foreach (var file in new[] { "z.png", "a.JPG", "b/c/x.webp", "b/y.jpeg", "notes.txt", "b/c/data.csv" })
            File.WriteAllBytes(dir.Combine(file.Split('/')), Png);
        var dataset = ImageFolderReader.Read(dir.Path);
        var relative = dataset.Entries.Select(e => Path.GetRelativePath(dir.Path, e.Path).Replace('\\', '/')).ToList();
        Assert.Equal(["a.JPG", "b/c/x.webp", "b/y.jpeg", "z.png"], relative);
    }

    [Fact]
    public void ImageFolder_Missing_ThrowsNamingPath()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => ImageFolderReader.Read("/nonexistent/twingan"));
        Assert.Contains("/nonexistent/twingan", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CelebA_TinyFixture_LabelsAsNoYes()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine(CelebAReader.ImagesFolder));
        File.WriteAllText(dir.Combine(CelebAReader.AttributesFile),
            "2\n5_o_Clock_Shadow Arched_Eyebrows Eyeglasses \n000001.jpg -1  1 -1\n000002.jpg  1 -1  1\n");
        var dataset = CelebAReader.Read(dir.Path);
        Assert.Equal(["5_o_Clock_Shadow", "Arched_Eyebrows", "Eyeglasses"], dataset.Schema.Attributes.Select(a => a.Name));
        Assert.Equal(["no", "yes"], dataset.Schema.Attributes[2].Classes);
        Assert.Equal([0, 1, 0], dataset.Entries[0].Labels);
        Assert.Equal([1, 0, 1], dataset.Entries[1].Labels);
        Assert.Equal(dir.Combine(CelebAReader.ImagesFolder, "000002.jpg"), dataset.Entries[1].Path);
    }

    [Theory]
    [InlineData("2\nA B\n1.jpg 1 -1\n2.jpg 1 0\n", 4, "'0'")]
    [InlineData("2\nA B\n1.jpg 1 -1\n2.jpg 1\n", 4, "found 2 fields")]
    [InlineData("3\nA B\n1.jpg 1 -1\n", 1, "declares 3")]
    [InlineData("x\nA B\n", 1, "image count")]
    public void CelebA_Malformed_ErrorNamesLine(string text, int line, string problem)
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine(CelebAReader.ImagesFolder));
        File.WriteAllText(dir.Combine(CelebAReader.AttributesFile), text);
        var e = Assert.Throws<DatasetFormatException>(() => CelebAReader.Read(dir.Path));
        Assert.Equal(line, e.Line);
        Assert.Contains($"line {line}", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("file,smile\na.png,yes\nb.png\n", 3, "expected 2 fields")]
    [InlineData("file,smile\na.png,yes\n,no\n", 3, "empty file name")]
    [InlineData("file,smile\na.png,yes\na.png,no\n", 3, "already labelled on line 2")]
    [InlineData("name,smile\na.png,yes\n", 1, "must start with 'file'")]
    [InlineData("file,smile\n\"a.png,yes\n", 2, "unterminated")]
    public void LabelsCsv_Malformed_ErrorNamesLine(string text, int line, string problem)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("labels.csv"), text);
        var e = Assert.Throws<DatasetFormatException>(() => LabelsCsv.Read(dir.Combine("labels.csv")));
        Assert.Equal(line, e.Line);
        Assert.Contains($"labels.csv line {line}", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelsCsv_ValueOutsideSchema_ErrorNamesLineAndClasses()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("labels.csv"), "file,glasses\na.png,no\nb.png,maybe\n");
        var schema = new AttributeSchema([new AttributeDefinition("glasses", ["no", "yes"])]);
        var e = Assert.Throws<DatasetFormatException>(() => LabelsCsv.Read(dir.Combine("labels.csv"), schema));
        Assert.Equal(3, e.Line);
        Assert.Contains("no, yes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelsCsv_InferredSchema_JoinsByFileNameAndCountsUnmatched()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("img"));
        foreach (var name in new[] { "a.png", "b.png", "c.png" })
            File.WriteAllBytes(dir.Combine("img", name), Png);
        File.WriteAllText(dir.Combine("labels.csv"), "file,hair,smile\nb.png,red,\na.png,\"black\",yes\nmissing.png,red,no\n");
        var join = LabelsCsv.Read(dir.Combine("labels.csv")).Apply(ImageFolderReader.Read(dir.Combine("img")));
        Assert.Equal(["black", "red"], join.Dataset.Schema.Attributes[0].Classes);
        Assert.Equal(2, join.Dataset.Count);
        Assert.Equal([0, 1], join.Dataset.Entries[0].Labels);
        Assert.Equal([1, AttributeDefinition.NotApplicable], join.Dataset.Entries[1].Labels);
        Assert.Equal(1, join.UnlabelledImages);
        Assert.Equal(1, join.RowsWithoutImage);
    }
}
