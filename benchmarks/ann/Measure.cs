using System.Diagnostics;

namespace TwinGan.Benchmarks.Ann;

/// <summary>Process measurements taken the way bench.mjs takes them (RSS after a GC settle, CPU per wall second).</summary>
internal static class Measure
{
    public static long SettledRss()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        Thread.Sleep(200);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    public static TimeSpan CpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    public static long Mb(long bytes) => (long)Math.Round(bytes / 1048576.0);

    public static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
