using System.Diagnostics;
using System.Text;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace TwinGan.Testing;

/// <summary>
/// A TwinGan host started as a real process on loopback ports with its own data folder; killed (whole tree)
/// and cleaned up on dispose. Output is kept so a failing test can show it.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private readonly bool _ownsDataDir;

    private HostProcess(Process process, int port, int metricsPort, string dataDir, bool ownsDataDir, Func<int, GrpcChannel>? channel)
    {
        _ownsDataDir = ownsDataDir;
        _process = process;
        Port = port;
        MetricsPort = metricsPort;
        DataDir = dataDir;
        Channel = channel?.Invoke(port) ?? GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
    }

    public int Port { get; }
    public int MetricsPort { get; }
    public string DataDir { get; }
    public GrpcChannel Channel { get; }

    /// <summary>The host's process id, e.g. for reading its CPU time in a benchmark.</summary>
    public int ProcessId => _process.Id;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Starts <c>services/&lt;service&gt;</c> and waits until it answers the liveness health check.</summary>
    public static Task<HostProcess> StartServiceAsync(string service, params string[] extraArgs) =>
        StartAsync(RepoPaths.ServiceDll(service), [], null, extraArgs);

    /// <summary>Starts <c>services/&lt;service&gt;</c> reached through <paramref name="channel"/> (port → channel), e.g. over TLS.</summary>
    public static Task<HostProcess> StartServiceAsync(string service, Func<int, GrpcChannel> channel, params string[] extraArgs) =>
        StartAsync(RepoPaths.ServiceDll(service), [], null, extraArgs, channel);

    /// <summary>Starts <c>services/&lt;service&gt;</c> on an existing data folder (kept on dispose), e.g. one holding published models.</summary>
    public static Task<HostProcess> StartServiceInAsync(string service, string dataDir, params string[] extraArgs) =>
        StartAsync(RepoPaths.ServiceDll(service), [], dataDir, extraArgs);

    /// <summary>Starts <c>twingan serve</c>, the embedded all-in-one host.</summary>
    public static Task<HostProcess> StartEmbeddedAsync(params string[] extraArgs) =>
        StartAsync(RepoPaths.CliDll(), ["serve"], null, extraArgs);

    /// <summary>Starts a host process that is expected to exit (e.g. refused configuration); returns exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(string service, params string[] args)
    {
        var psi = NewStartInfo(RepoPaths.ServiceDll(service), args);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(StartTimeout);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task<HostProcess> StartAsync(string dll, string[] command, string? existingDataDir, string[] extraArgs, Func<int, GrpcChannel>? channel = null)
    {
        var port = FreePort.Next();
        var metricsPort = FreePort.Next();
        var dataDir = existingDataDir ?? Directory.CreateTempSubdirectory("twingan-test-").FullName;
        var isEmbedded = command.Length > 0;
        string[] hostArgs = isEmbedded
            ? [.. command, "--port", $"{port}", "--metrics-port", $"{metricsPort}", "--data", dataDir, .. extraArgs]
            : [$"--Server:Port={port}", $"--Server:MetricsPort={metricsPort}", "--Server:ListenAddress=127.0.0.1",
               $"--Storage:File:Root={dataDir}", .. extraArgs];
        var process = Process.Start(NewStartInfo(dll, hostArgs))!;
        var host = new HostProcess(process, port, metricsPort, dataDir, ownsDataDir: existingDataDir is null, channel);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await host.WaitForAsync("liveness", HealthCheckResponse.Types.ServingStatus.Serving, StartTimeout);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        return host;
    }

    private static ProcessStartInfo NewStartInfo(string dll, string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_ENVIRONMENT"] = "Production";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return psi;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL of the whole process tree: no shutdown hooks run (no final snapshot, no graceful drain).</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Polls the health of <paramref name="service"/> until it reports <paramref name="expected"/>; throws
    /// (with the host's output) when the host exits or the status does not come within <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(string service, HealthCheckResponse.Types.ServingStatus expected, TimeSpan timeout)
    {
        var client = new Health.HealthClient(Channel);
        var until = DateTime.UtcNow + timeout;
        var last = HealthCheckResponse.Types.ServingStatus.Unknown;
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
                // Not listening yet, or restarting its listener.
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"{service} stayed {last}, not {expected}, for {timeout}:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await KillAsync();
        _process.Dispose();
        if (!_ownsDataDir) return;
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the killed process must not fail the test that already ran.
        }
    }
}
