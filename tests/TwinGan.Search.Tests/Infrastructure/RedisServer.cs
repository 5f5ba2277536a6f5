using System.Diagnostics;
using System.Net.Sockets;

namespace TwinGan.Search.Tests.Infrastructure;

/// <summary>
/// A private redis-server on a free loopback port (as scripts/deps.sh start_redis does), with append-only persistence
/// fsynced on every write so it can be stopped and started again with its data, for outage tests.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("twingan-redis-").FullName;
    private Process? _process;

    public int Port { get; } = FreePort.Next();

    public string Address => $"127.0.0.1:{Port}";

    public static bool IsInstalled => File.Exists("/usr/bin/redis-server") || File.Exists("/usr/local/bin/redis-server");

    public async Task StartAsync()
    {
        var psi = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--bind", "127.0.0.1", "--port", $"{Port}", "--save", "", "--appendonly", "yes", "--appendfsync", "always",
                     "--dir", _dir, "--daemonize", "no" })
            psi.ArgumentList.Add(a);
        _process = Process.Start(psi)!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var until = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < until)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new TimeoutException($"redis-server did not listen on {Port}");
    }

    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
