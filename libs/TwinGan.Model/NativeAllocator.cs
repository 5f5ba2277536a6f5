using System.Runtime.InteropServices;

namespace TwinGan.Model;

/// <summary>
/// Keeps glibc from handing LibTorch's activation memory back to the kernel after every forward pass. LibTorch's CPU
/// allocator has no cache: each op mallocs its output and frees it when the tensor dies. With glibc's defaults a
/// freed multi-megabyte block at the top of a heap is trimmed (returned with <c>madvise</c>/<c>sbrk</c>) and the
/// next pass faults the same pages back in, zero-filled; with several threads allocating (a gRPC server) the trims
/// happen all the time (a perf profile of the Translator under load had ~3.5 % of its samples in page faults under
/// LibTorch's element-wise kernels). Raising the trim threshold and fixing the mmap threshold at glibc's maximum keeps
/// those blocks in the heap (NativeAllocatorTests). A throughput gain is not proven: an A/B on the 2-core machine was
/// within its run-to-run spread (benchmarks/RESULTS.md). The price is that the process's resident memory stays at its
/// peak, which a serving or training pod is sized for anyway. Left alone when <c>GLIBC_TUNABLES</c> already sets malloc tunables
/// (the operator's choice wins) and on anything but glibc Linux.
/// </summary>
public static class NativeAllocator
{
    /// <summary>Blocks up to this size come from the heap instead of their own mapping (glibc's maximum on 64-bit).</summary>
    public const int MmapThresholdBytes = 32 * 1024 * 1024;

    /// <summary>Free memory at the top of a heap is returned to the kernel only beyond this.</summary>
    public const int TrimThresholdBytes = 1024 * 1024 * 1024;

    private const int MTrimThreshold = -1;
    private const int MMmapThreshold = -3;
    private static int _configured;

    /// <summary>What <see cref="Configure"/> did in this process.</summary>
    public static string Status { get; private set; } = "not configured";

    /// <summary>Applies the thresholds once per process; returns whether glibc accepted them.</summary>
    public static bool Configure()
    {
        if (Interlocked.Exchange(ref _configured, 1) == 1) return Status == "tuned";
        if (!OperatingSystem.IsLinux())
        {
            Status = "left alone: not Linux";
            return false;
        }
        if ((Environment.GetEnvironmentVariable("GLIBC_TUNABLES") ?? "").Contains("glibc.malloc.", StringComparison.Ordinal))
        {
            Status = "left alone: GLIBC_TUNABLES sets malloc tunables";
            return false;
        }
        try
        {
            var accepted = mallopt(MMmapThreshold, MmapThresholdBytes) == 1 & mallopt(MTrimThreshold, TrimThresholdBytes) == 1;
            Status = accepted ? "tuned" : "left alone: mallopt refused the thresholds (not glibc?)";
            return accepted;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            Status = "left alone: no mallopt in this C library";
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int param, int value);
}
