using System.Diagnostics;
using System.IO.Pipes;
using System.Runtime.InteropServices;

namespace TwinGan.ServiceDefaults.Hosting;

/// <summary>
/// Drops known-noise lines that native code writes straight to file descriptor 2. LibTorch prints "Could not initialize
/// NNPACK! Reason: Unsupported hardware." for every large-batch convolution on CPUs NNPACK does not support (it then
/// uses its other kernels), which buries real errors. Fd 2 becomes a pipe into a child <c>grep -v</c> that writes
/// every other line to the original stderr. A child rather than a thread: if the process dies from a native abort, the
/// child still drains the pipe, so the abort message is not lost. <see cref="Console.Error"/> is opened first: .NET
/// duplicates fd 2 when it opens it, so managed writes and the terminal check (progress bars) keep the real stderr.
/// Linux and macOS with grep installed; elsewhere nothing changes.
/// </summary>
public static class NativeStderrFilter
{
    /// <summary>The lines dropped by default.</summary>
    public static readonly IReadOnlyList<string> KnownNoise = ["Could not initialize NNPACK"];

    private static readonly string[] GrepPaths = ["/usr/bin/grep", "/bin/grep"];
    private static int _installed;
    private static Process? _filter;

    /// <summary>Installs the filter once per process; false when it is not supported here or could not be set up.</summary>
    public static bool Install(IReadOnlyList<string>? drop = null)
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) || Interlocked.Exchange(ref _installed, 1) == 1) return false;
        var grep = FindGrep();
        if (grep is null) return false;
        _ = Console.IsErrorRedirected;
        Console.Error.Flush();
        var psi = FilterStartInfo(grep, drop ?? KnownNoise);
        try
        {
            _filter = Process.Start(psi);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
        if (_filter?.StandardInput.BaseStream is AnonymousPipeClientStream pipe
            && NativeMethods.dup2((int)pipe.SafePipeHandle.DangerousGetHandle(), 2) >= 0)
            return true;
        _filter?.Kill();
        return false;
    }

    /// <summary>The child: <c>grep -v -F</c> of the dropped texts, reading its stdin, writing kept lines to its stderr.</summary>
    internal static ProcessStartInfo FilterStartInfo(string grep, IReadOnlyList<string> drop)
    {
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = true };
        psi.ArgumentList.Add("-c");
        // grep writes the kept lines to its stdout; the shell points that at the inherited (original) stderr.
        psi.ArgumentList.Add("exec \"$0\" -v --line-buffered -F \"$@\" >&2");
        psi.ArgumentList.Add(grep);
        foreach (var text in drop)
        {
            psi.ArgumentList.Add("-e");
            psi.ArgumentList.Add(text);
        }
        return psi;
    }

    internal static string? FindGrep() => GrepPaths.FirstOrDefault(File.Exists);

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        internal static extern int dup2(int fd, int fd2);
    }
}
