using Grpc.Core;
using Grpc.Health.V1;
using TwinGan.Data.TwinFaces;
using TwinGan.Testing;

namespace TwinGan.System.Tests;

/// <summary>
/// The distributed shape on one machine: the four services as separate processes sharing the test run's real
/// redis-server (Redis providers, a key prefix of their own) and one model-store folder, as pods share Redis and a
/// volume in Kubernetes. Also exports a small twin-faces dataset as ordinary image folders for the clients.
/// </summary>
internal sealed class Deployment : IAsyncDisposable
{
    public const string ModelName = "system-twins";

    private readonly List<string> _common;
    private readonly Dictionary<string, HostProcess> _hosts = [];

    private Deployment(string root, string prefix)
    {
        Root = root;
        KeyPrefix = prefix;
        ModelStore = Path.Combine(root, "models");
        Datasets = Path.Combine(root, "datasets");
        _common =
        [
            "--Storage:Provider=Redis",
            $"--Storage:Redis:Configuration={RedisFactAttribute.RequireAddress()}",
            $"--Storage:Redis:KeyPrefix={prefix}",
            $"--Models:StoreRoot={ModelStore}",
        ];
    }

    public string Root { get; }

    public string KeyPrefix { get; }

    public string ModelStore { get; }

    /// <summary>Allowed dataset root of the Trainer; holds the exported twin-faces folders.</summary>
    public string Datasets { get; }

    /// <summary>The exported twin-faces dataset: train/{photo,anime}, test/{photo,anime} (paired ids).</summary>
    public string TwinFaces => Path.Combine(Datasets, "twin-faces");

    public HostProcess Trainer => _hosts["Trainer"];

    public HostProcess Translator => _hosts["Translator"];

    public HostProcess Embedder => _hosts["Embedder"];

    public HostProcess Search => _hosts["Search"];

    public static string Address(HostProcess host) => $"127.0.0.1:{host.Port}";

    public static async Task<Deployment> StartAsync()
    {
        var root = Directory.CreateTempSubdirectory("twingan-system-").FullName;
        var deployment = new Deployment(root, $"sys-{Guid.NewGuid():N}:");
        try
        {
            TwinFacesExporter.Write(deployment.TwinFaces, 32, new TwinFacesCounts(TrainPerDomain: 16, TestPairs: 24), seed: 7);
            await deployment.StartAsync("Embedder");
            await Task.WhenAll(deployment.StartAsync("Trainer"), deployment.StartAsync("Translator"), deployment.StartAsync("Search"));
            return deployment;
        }
        catch
        {
            await deployment.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills a service with SIGKILL (no shutdown code runs), keeping its data folder.</summary>
    public async Task KillAsync(string service)
    {
        var host = _hosts[service];
        _hosts.Remove(service);
        await host.DisposeAsync();
    }

    /// <summary>Starts (or restarts on its old data folder) one service with the distributed configuration.</summary>
    public async Task StartAsync(string service)
    {
        var dataDir = Path.Combine(Root, service.ToLowerInvariant());
        Directory.CreateDirectory(dataDir);
        string[] own = service switch
        {
            "Trainer" =>
            [
                $"--Trainer:AllowedDatasetRoots:0={Datasets}",
                "--Trainer:HeartbeatInterval=00:00:01",
                "--Trainer:LeaseDuration=00:00:05",
                "--Trainer:QueuePollInterval=00:00:00.200",
                "--Trainer:ProgressInterval=00:00:00.500",
                "--Trainer:EvaluateBuiltinJobs=false",
            ],
            "Translator" or "Embedder" => [$"--Models:Default={ModelName}"],
            "Search" =>
            [
                $"--Search:ModelName={ModelName}",
                // Through the DNS resolver and round_robin, as the Kubernetes deployment reaches the Embedder pods.
                $"--Search:EmbedderAddress=dns:///{Address(Embedder)}",
                "--Search:Domains:0=photo",
                "--Search:Domains:1=anime",
                "--Search:FollowPollInterval=00:00:00.100",
            ],
            _ => throw new ArgumentException($"Unknown service {service}.", nameof(service)),
        };
        _hosts[service] = await HostProcess.StartServiceInAsync(service, dataDir, [.. _common, .. own]);
    }

    /// <summary>Waits until a service reports SERVING for its own readiness name (e.g. after a model is published).</summary>
    public static async Task WaitUntilServingAsync(HostProcess host, string serviceName, TimeSpan timeout)
    {
        var client = new Health.HealthClient(host.Channel);
        var deadline = DateTime.UtcNow + timeout;
        HealthCheckResponse.Types.ServingStatus last = default;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = (await client.CheckAsync(new HealthCheckRequest { Service = serviceName }, deadline: DateTime.UtcNow.AddSeconds(5))).Status;
                if (last == HealthCheckResponse.Types.ServingStatus.Serving)
                    return;
            }
            catch (RpcException)
            {
                // Restarting or briefly overloaded: poll again.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{serviceName} not SERVING within {timeout} (last {last}):\n{host.Output}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts.Values)
            await host.DisposeAsync();
        _hosts.Clear();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a killed process must not fail a test that already ran.
        }
    }
}
