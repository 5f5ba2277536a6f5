using System.Runtime.InteropServices;

namespace TwinGan.Model.Tests;

public sealed class NativeAllocatorTests
{
    private const int BlockBytes = 8 * 1024 * 1024;

    [Fact]
    public void Configure_OnGlibcLinux_ABlockFreedAndAllocatedAgainIsNotFaultedInAgain()
    {
        if ((Environment.GetEnvironmentVariable("GLIBC_TUNABLES") ?? "").Contains("glibc.malloc.", StringComparison.Ordinal))
        {
            // The operator tuned malloc: Configure must leave it alone and say so.
            Assert.False(NativeAllocator.Configure());
            Assert.StartsWith("left alone: GLIBC_TUNABLES", NativeAllocator.Status, StringComparison.Ordinal);
            return;
        }

        Assert.True(NativeAllocator.Configure(), NativeAllocator.Status);
        Assert.Equal("tuned", NativeAllocator.Status);

        // The pattern of a forward pass: an activation-sized block allocated, written, freed, and again.
        // A dedicated thread, so the faults counted are this allocation's alone.
        // (glibc's defaults fault all 2,048 pages in again: the block is unmapped on free and the next one is new memory.)
        long faultsAgain = 0;
        var thread = new Thread(() =>
        {
            FaultsWhileTouchingAFreshBlock();
            faultsAgain = FaultsWhileTouchingAFreshBlock();
        });
        thread.Start();
        thread.Join();

        var pages = BlockBytes / Environment.SystemPageSize;
        Assert.True(faultsAgain < pages / 10, $"the block came back from the kernel: {faultsAgain} faults for {pages} pages");
    }

    /// <summary>malloc (Marshal.AllocHGlobal on Unix), write every page, free.</summary>
    private static long FaultsWhileTouchingAFreshBlock()
    {
        var block = Marshal.AllocHGlobal(BlockBytes);
        try
        {
            var before = MinorFaultsOfThisThread();
            for (var i = 0; i < BlockBytes; i += 1024)
                Marshal.WriteByte(block, i, 1);
            return MinorFaultsOfThisThread() - before;
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
    }

    /// <summary>Field 10 (minflt) of /proc/thread-self/stat, counted after the parenthesised command name.</summary>
    private static long MinorFaultsOfThisThread()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7], System.Globalization.CultureInfo.InvariantCulture);
    }
}
