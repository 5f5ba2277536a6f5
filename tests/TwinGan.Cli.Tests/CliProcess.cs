using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinGan.Testing;

namespace TwinGan.Cli.Tests;

/// <summary>What one run of the <c>twingan</c> executable did.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>stdout as JSON; fails the test with both streams when it is not.</summary>
    public JsonNode Json()
    {
        try
        {
            return JsonNode.Parse(Stdout) ?? throw new JsonException("null document");
        }
        catch (JsonException e)
        {
            Assert.Fail($"stdout is not JSON ({e.Message}):\n{this}");
            throw;
        }
    }

    public JsonNode ErrorJson() => JsonNode.Parse(Stderr)!["error"]!;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs the built <c>twingan</c> (the same dll <c>./twingan</c> runs) as a child process.</summary>
internal static class CliProcess
{
    /// <summary>Generous: a tiny training job takes seconds on an idle box and minutes on a saturated shared one.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(RepoPaths.CliDll());
        foreach (var a in args) psi.ArgumentList.Add(a);
        // A stable, narrow-terminal-proof rendering: tables and markup without colour codes.
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["COLUMNS"] = "200";
        psi.Environment.Remove("TWINGAN_ADDRESS");
        psi.Environment.Remove("TWINGAN_API_KEY");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) psi.Environment[key] = value;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"twingan {string.Join(' ', args)} did not finish within {Timeout}");
        }
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(null, args);

    /// <summary>An expected failure is one line of message plus hint: never a .NET stack trace.</summary>
    public static void AssertNoStackTrace(CliRun run)
    {
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
    }
}
