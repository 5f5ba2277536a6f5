using System.Diagnostics;
using System.Text;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using TwinGan.Contracts.Search.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace TwinGan.Search.Tests.Infrastructure;

/// <summary>
/// A host (services/&lt;name&gt;) started as a real process on loopback ports with a data folder that may outlive it
/// (so a killed replica can be restarted on its own files). <see cref="KillAsync"/> is SIGKILL.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly bool _ownsDataDir;

    private HostProcess(Process process, int port, string dataDir, bool ownsDataDir)
    {
        _process = process;
        Port = port;
        DataDir = dataDir;
        _ownsDataDir = ownsDataDir;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        Search = new SearchService.SearchServiceClient(Channel);
    }

    public int Port { get; }
    public string DataDir { get; }
    public GrpcChannel Channel { get; }
    public SearchService.SearchServiceClient Search { get; }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Starts a host and waits until it answers the liveness check. A null <paramref name="dataDir"/> makes a temp one it deletes.</summary>
    public static async Task<HostProcess> StartAsync(string service, string? dataDir, params string[] extraArgs)
    {
        var port = FreePort.Next();
        var owns = dataDir is null;
        dataDir ??= Directory.CreateTempSubdirectory("twingan-search-test-").FullName;
        string[] args = [$"--Server:Port={port}", "--Server:MetricsPort=0", "--Server:ListenAddress=127.0.0.1", $"--Storage:File:Root={dataDir}",
            "--Logging:LogLevel:Default=Warning", .. extraArgs];
        var dll = RepoPaths.ServiceDll(service);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)! };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var process = Process.Start(psi)!;
        var host = new HostProcess(process, port, dataDir, owns);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await host.WaitForAsync("liveness", ServingStatus.Serving, StartTimeout);
        return host;
    }

    /// <summary>Polls the health of <paramref name="service"/> until it reports <paramref name="expected"/>.</summary>
    public async Task WaitForAsync(string service, ServingStatus expected, TimeSpan timeout)
    {
        var client = new Health.HealthClient(Channel);
        var until = DateTime.UtcNow + timeout;
        var last = ServingStatus.Unknown;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited) throw new InvalidOperationException($"host exited with code {_process.ExitCode}:\n{Output}");
            try
            {
                last = (await client.CheckAsync(new HealthCheckRequest { Service = service }, deadline: DateTime.UtcNow.AddSeconds(3))).Status;
                if (last == expected) return;
            }
            catch (RpcException)
            {
                // Not listening yet.
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"{service} stayed {last}, not {expected}, for {timeout}:\n{Output}");
    }

    public Task WaitUntilSearchServingAsync() => WaitForAsync(SearchRegistration.ServiceName, ServingStatus.Serving, TimeSpan.FromSeconds(30));

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL: no shutdown hooks, no final snapshot.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await KillAsync();
        // Kept for post-mortems of a failed test: the host's whole console output.
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), $"twingan-search-host-{Port}.log"), Output);
        _process.Dispose();
        if (!_ownsDataDir) return;
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the killed process must not fail a test that already ran.
        }
    }
}
