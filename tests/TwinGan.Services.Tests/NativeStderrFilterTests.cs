using System.Diagnostics;
using TwinGan.ServiceDefaults.Hosting;
using TwinGan.Testing;

namespace TwinGan.Services.Tests;

/// <summary>The child process every host points its native stderr (fd 2) at.</summary>
public sealed class NativeStderrFilterTests
{
    [Fact]
    public async Task Filter_DropsOnlyTheKnownNoise_AndPassesEverythingElseAfterItsWriterIsGone()
    {
        var grep = NativeStderrFilter.FindGrep();
        Assert.True(grep is not null, "grep is required on the hosts' images and on this machine (/usr/bin/grep or /bin/grep)");
        var psi = NativeStderrFilter.FilterStartInfo(grep, NativeStderrFilter.KnownNoise);
        psi.RedirectStandardError = true;
        using var child = Process.Start(psi)!;
        var kept = child.StandardError.ReadToEndAsync();

        await child.StandardInput.WriteAsync(
            "[W NNPACK.cpp:61] Could not initialize NNPACK! Reason: Unsupported hardware.\n" +
            "terminate called after throwing an instance of 'c10::Error'\n" +
            "  what():  \"$0\" -e 'quoted' text survives\n" +
            "[W NNPACK.cpp:61] Could not initialize NNPACK! Reason: Unsupported hardware.\n" +
            "last line without a newline");
        // The writer going away (a host that aborted) must not lose what it wrote.
        child.StandardInput.Close();
        await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(
            "terminate called after throwing an instance of 'c10::Error'\n  what():  \"$0\" -e 'quoted' text survives\nlast line without a newline\n",
            await kept);
    }

    [Fact]
    public async Task Host_PointsFileDescriptor2AtAGrepChild()
    {
        await using var host = await HostProcess.StartServiceAsync("Search");

        var pid = host.ProcessId;
        Assert.StartsWith("pipe:", new FileInfo($"/proc/{pid}/fd/2").LinkTarget, StringComparison.Ordinal);
        Assert.Contains(ChildrenOf(pid), c => File.ReadAllText($"/proc/{c}/cmdline").Contains("grep", StringComparison.Ordinal));
    }

    /// <summary>Processes whose parent is <paramref name="pid"/> (field 4 of /proc/&lt;id&gt;/stat, after the command name).</summary>
    private static List<int> ChildrenOf(int pid)
    {
        var children = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var id)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == pid) children.Add(id);
            }
            catch (IOException)
            {
                // The process ended while listing.
            }
        }
        return children;
    }
}
