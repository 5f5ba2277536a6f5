using TwinGan.Testing;

namespace TwinGan.Cli.Tests;

/// <summary>Expected failures without any server: one friendly line, a hint, the documented exit code, no stack trace.</summary>
public sealed class ErrorMappingTests
{
    private static string NothingListening() => $"http://127.0.0.1:{FreePort.Next()}";

    [Fact]
    public async Task Embed_ServerNotRunning_ConnectionRefusedExit3WithHint()
    {
        using var images = new TempDir();
        var photo = TestImages.Write(images.Path, TwinGan.Data.TwinFaces.FaceDomain.Photo, 1)[0];

        var run = await CliProcess.RunAsync("embed", photo, "--domain", "photo", "--address", NothingListening());

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("connection refused", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("twingan serve", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
        CliProcess.AssertNoStackTrace(run);
    }

    [Fact]
    public async Task Health_ServerNotRunningJson_ErrorAsJsonOnStderr()
    {
        var address = NothingListening();

        var run = await CliProcess.RunAsync(new Dictionary<string, string> { ["TWINGAN_ADDRESS"] = address }, "health", "--json");

        Assert.True(run.ExitCode == 3, run.ToString());
        var error = run.ErrorJson();
        Assert.Equal("UNAVAILABLE", (string?)error["code"]);
        Assert.Equal(3, (int?)error["exitCode"]);
        Assert.Contains(address, (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Translate_MissingInputFile_UsageExit2()
    {
        var run = await CliProcess.RunAsync("translate", "/nonexistent/photo.png", "--from", "photo", "--to", "anime", "--address", NothingListening());

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("/nonexistent/photo.png", run.Stderr, StringComparison.Ordinal);
        CliProcess.AssertNoStackTrace(run);
    }

    [Fact]
    public async Task Translate_MissingRequiredOption_UsageExit2WithHelpHint()
    {
        var run = await CliProcess.RunAsync("translate", "photo.png", "--from", "photo");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--to", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("twingan translate --help", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Twin_MalformedAddress_UsageExit2()
    {
        var run = await CliProcess.RunAsync("twin", "--item", "x", "--address", "ftp://example");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--address", run.Stderr, StringComparison.Ordinal);
    }
}
