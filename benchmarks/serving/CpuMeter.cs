using System.Diagnostics;

namespace TwinGan.Benchmarks.Serving;

/// <summary>CPU used over a measurement: by the server process, by this (load tool or in-process) process, and by the whole machine.</summary>
internal readonly record struct CpuUse(double ServerSeconds, double ThisProcessSeconds, double MachineBusyCores);

/// <summary>
/// Reads CPU time at the start and end of a measurement. On a 2-core box shared by the load tool and the server, the
/// server can only be compared with the model alone once it is known who used the cores (Linux /proc/stat for the
/// machine; process CPU times for the two processes).
/// </summary>
internal sealed class CpuMeter
{
    private readonly int? _serverPid;
    private readonly TimeSpan _server;
    private readonly TimeSpan _self;
    private readonly (long Busy, long Total) _machine;

    public CpuMeter(int? serverPid)
    {
        _serverPid = serverPid;
        _server = ServerTime();
        _self = Process.GetCurrentProcess().TotalProcessorTime;
        _machine = Machine();
    }

    public CpuUse Stop()
    {
        var machine = Machine();
        var total = machine.Total - _machine.Total;
        return new CpuUse(
            (ServerTime() - _server).TotalSeconds,
            (Process.GetCurrentProcess().TotalProcessorTime - _self).TotalSeconds,
            total == 0 ? 0 : (double)(machine.Busy - _machine.Busy) / total * Environment.ProcessorCount);
    }

    private TimeSpan ServerTime()
    {
        if (_serverPid is not { } pid) return TimeSpan.Zero;
        using var process = Process.GetProcessById(pid);
        return process.TotalProcessorTime;
    }

    /// <summary>Busy and total jiffies of all CPUs (first line of /proc/stat: user nice system idle iowait irq softirq steal).</summary>
    private static (long Busy, long Total) Machine()
    {
        if (!File.Exists("/proc/stat")) return (0, 0);
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
        var total = fields.Sum();
        return (total - fields[3] - fields[4], total);
    }
}
