using TwinGan.Testing;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace TwinGan.Cli.Tests;

/// <summary>
/// One <c>twingan serve</c> process for the whole collection, serving a tiny published model <c>faces</c> v1 to
/// Translator, Embedder and Search (the gallery is that model's embedding space).
/// </summary>
public sealed class ServeFixture : IAsyncLifetime
{
    private readonly string _dataRoot = Directory.CreateTempSubdirectory("twingan-cli-serve-").FullName;
    private HostProcess? _host;

    public string Address => $"http://127.0.0.1:{Host.Port}";

    public HostProcess Host => _host ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        await PublishedModels.AddAsync(_dataRoot, "v1", seed: 1);
        _host = await HostProcess.StartEmbeddedAsync(
            $"--Storage:File:Root={_dataRoot}", $"--Models:Default={PublishedModels.Name}", $"--Search:ModelName={PublishedModels.Name}",
            "--Search:Domains:0=photo", "--Search:Domains:1=anime",
            // Test timings of the Trainer (as tests/TwinGan.Trainer.Tests use them): the box is shared.
            "--Trainer:TorchThreads=1", "--Trainer:QueuePollInterval=00:00:00.200", "--Trainer:ProgressInterval=00:00:00.200",
            "--Trainer:EvaluateBuiltinJobs=false",
            // One process holds the jobs, so no other replica can take one over; a heartbeat delayed by a loaded box
            // must not turn a healthy job INTERRUPTED (lease expiry is the Trainer suite's subject, not this one's).
            "--Trainer:LeaseDuration=00:05:00");
        var status = await HealthProbe.WaitForAsync(_host.Channel, "", ServingStatus.Serving, TimeSpan.FromSeconds(90));
        Assert.True(status == ServingStatus.Serving, $"twingan serve did not become ready ({status}):\n{_host.Output}");
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        Directory.Delete(_dataRoot, recursive: true);
    }

    /// <summary>Runs <c>twingan</c> against this server.</summary>
    public Task<CliRun> RunAsync(params string[] args) => CliProcess.RunAsync([.. args, "--address", Address]);
}

[CollectionDefinition(Name)]
public sealed class ServeFixtureGroup : ICollectionFixture<ServeFixture>
{
    public const string Name = "twingan serve";
}
