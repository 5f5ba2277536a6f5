using TwinGan.Data.Imaging;
using TwinGan.Data.TwinFaces;

namespace TwinGan.Cli.Tests;

/// <summary>translate, embed, twin, index and models against a real <c>twingan serve</c> with a tiny published model.</summary>
[Collection(ServeFixtureGroup.Name)]
public sealed class ServedModelTests(ServeFixture serve)
{
    [Fact]
    public async Task Translate_TwoFilesToFolder_WritesImagesOfRequestedSizeAndReportsVersion()
    {
        using var dir = new TempDir();
        var photos = TestImages.Write(dir.File("in"), FaceDomain.Photo, 2);

        var run = await serve.RunAsync(["translate", .. photos, "--from", "photo", "--to", "anime", "--size", "24", "-o", dir.File("out"), "--json"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var results = run.Json()["results"]!.AsArray();
        Assert.Equal(2, results.Count);
        foreach (var result in results)
        {
            Assert.Equal("v1", (string?)result!["modelVersion"]);
            var output = (string)result["output"]!;
            Assert.StartsWith(dir.File("out"), output, StringComparison.Ordinal);
            Assert.EndsWith(".anime.png", output, StringComparison.Ordinal);
            var image = ImageCodec.Decode(File.ReadAllBytes(output), ImageLimits.Default);
            Assert.Equal((24, 24), (image.Width, image.Height));
        }
    }

    [Fact]
    public async Task Translate_UnknownModel_NotFoundExit5()
    {
        using var dir = new TempDir();
        var photo = TestImages.Write(dir.Path, FaceDomain.Photo, 1)[0];

        var run = await serve.RunAsync("translate", photo, "--from", "photo", "--to", "anime", "--model", "no-such-model");

        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.Contains("NOT_FOUND", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("hint:", run.Stderr, StringComparison.Ordinal);
        CliProcess.AssertNoStackTrace(run);
    }

    [Fact]
    public async Task Translate_PinnedVersionNotLoaded_UnavailableExit3()
    {
        using var dir = new TempDir();
        var photo = TestImages.Write(dir.Path, FaceDomain.Photo, 1)[0];

        var run = await serve.RunAsync("translate", photo, "--from", "photo", "--to", "anime", "--version", "v9", "--json");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Equal("UNAVAILABLE", (string?)run.ErrorJson()["code"]);
        Assert.Contains("v9", (string?)run.ErrorJson()["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Embed_Json_VectorOfTheServedModel()
    {
        using var dir = new TempDir();
        var photo = TestImages.Write(dir.Path, FaceDomain.Photo, 1)[0];

        var run = await serve.RunAsync("embed", photo, "--domain", "photo", "--layout", "pooled", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        var values = json["values"]!.AsArray();
        Assert.Equal(values.Count, (int)json["dimension"]!);
        Assert.True(values.Count > 0);
        Assert.Equal(("faces", "v1", "photo"), ((string?)json["modelName"], (string?)json["modelVersion"], (string?)json["domain"]));
        var norm = Math.Sqrt(values.Sum(v => Math.Pow((double)v!, 2)));
        Assert.Equal(1.0, norm, 3);
    }

    [Fact]
    public async Task Embed_PlainOutput_OneLineOfCommaSeparatedNumbers()
    {
        using var dir = new TempDir();
        var photo = TestImages.Write(dir.Path, FaceDomain.Photo, 1)[0];

        var run = await serve.RunAsync("embed", photo, "--domain", "photo");

        Assert.True(run.ExitCode == 0, run.ToString());
        var line = Assert.Single(run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.All(line.Split(','), v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Embed_UnknownDomain_InvalidArgumentExit4WithFieldViolation()
    {
        using var dir = new TempDir();
        var photo = TestImages.Write(dir.Path, FaceDomain.Photo, 1)[0];

        var run = await serve.RunAsync("embed", photo, "--domain", "zebra", "--json");

        Assert.True(run.ExitCode == 4, run.ToString());
        var error = run.ErrorJson();
        Assert.Equal("INVALID_ARGUMENT", (string?)error["code"]);
        var violation = Assert.Single(error["fieldViolations"]!.AsArray());
        Assert.Equal("domain", (string?)violation!["field"]);
    }

    [Fact]
    public async Task IndexThenTwin_Folder_IdsAreRelativePathsAndTwinsComeFromTheGallery()
    {
        using var dir = new TempDir();
        var gallery = dir.File("gallery");
        TestImages.Write(Path.Combine(gallery, "set-a"), FaceDomain.Anime, 3);
        TestImages.Write(Path.Combine(gallery, "set-b"), FaceDomain.Anime, 2);
        var photo = TestImages.Write(dir.File("query"), FaceDomain.Photo, 1)[0];

        var index = await serve.RunAsync("index", gallery, "--domain", "anime", "--id-prefix", "t1/", "--tag", "cli-test", "--meta", "source=test", "--json");

        Assert.True(index.ExitCode == 0, index.ToString());
        Assert.Equal(5, (int)index.Json()["indexed"]!);
        var twin = await serve.RunAsync("twin", photo, "--domain", "photo", "--target", "anime", "-k", "3", "--tag", "cli-test", "--json");
        Assert.True(twin.ExitCode == 0, twin.ToString());
        var twins = twin.Json()["twins"]!.AsArray();
        Assert.Equal(3, twins.Count);
        string[] ids = ["t1/set-a/000000.png", "t1/set-a/000001.png", "t1/set-a/000002.png", "t1/set-b/000000.png", "t1/set-b/000001.png"];
        Assert.All(twins, t => Assert.Contains((string)t!["item"]!["id"]!, ids));
        Assert.All(twins, t => Assert.Equal("test", (string?)t!["item"]!["metadata"]!["source"]));
    }

    [Fact]
    public async Task Twin_Table_ShowsRankedIds()
    {
        using var dir = new TempDir();
        TestImages.Write(dir.File("gallery"), FaceDomain.Anime, 2);
        var photo = TestImages.Write(dir.File("query"), FaceDomain.Photo, 1)[0];
        var index = await serve.RunAsync("index", dir.File("gallery"), "--domain", "anime", "--id-prefix", "t2/", "--tag", "table-test");
        Assert.True(index.ExitCode == 0, index.ToString());
        Assert.Contains("2 items indexed", index.Stdout, StringComparison.Ordinal);

        var run = await serve.RunAsync("twin", photo, "-k", "2", "--tag", "table-test");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("t2/000000.png", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("t2/000001.png", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelsServed_Json_ListsTheDefaultModelWithItsLoadedVersion()
    {
        var run = await serve.RunAsync("models", "served", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        // Other tests on the shared server may publish models of their own; the default one is listed once, as default.
        var models = run.Json()["models"]!.AsArray();
        var model = Assert.Single(models, m => (string?)m!["name"] == "faces");
        Assert.Equal(("v1", true), ((string?)model!["currentVersion"], (bool?)model["isDefault"]));
        Assert.Single(models, m => (bool?)m!["isDefault"] == true);
    }

    [Fact]
    public async Task Health_AllServing_Exit0AndJson()
    {
        var run = await serve.RunAsync("health", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True((bool)run.Json()["serving"]!);
    }
}
