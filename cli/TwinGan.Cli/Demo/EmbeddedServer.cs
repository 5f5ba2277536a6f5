using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Health.V1;
using TwinGan.Cli.Client;
using TwinGan.Cli.Commands;

namespace TwinGan.Cli.Demo;

/// <summary>
/// The four services hosted in this process exactly as <c>twingan serve</c> hosts them (same host builder), on a
/// free loopback port with the File provider under the demo's data folder; the demo talks to it over gRPC like any
/// client.
/// </summary>
internal sealed class EmbeddedServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmbeddedServer(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    public string Address { get; }

    public static async Task<EmbeddedServer> StartAsync(DemoSettings settings, CancellationToken cancellationToken)
    {
        var (dataDir, modelName, runRoot) = (settings.DataDir, DemoSettings.ModelName, settings.RunRoot);
        var port = FreePort();
        var app = ServeCommand.Build(
        [
            $"--Server:Port={port}",
            "--Server:ListenAddress=127.0.0.1",
            "--Server:MetricsPort=0",
            "--Storage:Provider=File",
            $"--Storage:File:Root={dataDir}",
            $"--Models:Default={modelName}",
            $"--Search:ModelName={modelName}",
            // Photos query a gallery of anime faces: both are the gallery's domains before any photo is indexed.
            "--Search:Domains:0=photo",
            "--Search:Domains:1=anime",
            $"--Trainer:RunRoot={runRoot}",
            // The only Trainer replica is this process: a lease can only expire falsely (heartbeats delayed on a busy
            // machine, or a long end-of-job evaluation), never because another replica should take the job over.
            "--Trainer:LeaseDuration=01:00:00",
            $"--Trainer:EvaluationPairedImages={settings.EvaluationPairs}",
            $"--Trainer:EvaluationClassifierImages={settings.EvaluationClassifierImages}",
            // The demo's own output is the progress; host logs would tear through the live bars.
            "--Logging:LogLevel:Default=Error",
        ]);
        await app.StartAsync(cancellationToken);
        var server = new EmbeddedServer(app, $"http://127.0.0.1:{port}");
        await server.WaitUntilLiveAsync(cancellationToken);
        return server;
    }

    private async Task WaitUntilLiveAsync(CancellationToken cancellationToken)
    {
        using var client = ClientContext.Connect(Address, null, json: false, TimeSpan.FromSeconds(5));
        var health = new Health.HealthClient(client.Invoker);
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await health.CheckAsync(new HealthCheckRequest { Service = "liveness" }, deadline: client.Deadline(), cancellationToken: cancellationToken);
                return;
            }
            catch (RpcException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
