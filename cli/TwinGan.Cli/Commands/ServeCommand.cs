using System.CommandLine;
using TwinGan.Embedder;
using TwinGan.Search;
using TwinGan.ServiceDefaults.Hosting;
using TwinGan.Trainer;
using TwinGan.Translator;

namespace TwinGan.Cli.Commands;

/// <summary>
/// <c>twingan serve</c>: the embedded default shape — Translator, Embedder, Search and Trainer in one process on
/// one port, with the File storage provider under a local folder (no Redis, no cluster).
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "gRPC port", DefaultValueFactory = _ => 5000 };
        var address = new Option<string>("--address") { Description = "address to bind", DefaultValueFactory = _ => "127.0.0.1" };
        var data = new Option<string>("--data") { Description = "folder of the File storage provider", DefaultValueFactory = _ => "data" };
        var metricsPort = new Option<int>("--metrics-port") { Description = "Prometheus port (0 = off)", DefaultValueFactory = _ => 9464 };
        var command = new Command("serve",
            "Run all four services in this process (the embedded default). Other --Section:Key=value arguments set host configuration (e.g. --Auth:Enabled=true).")
        {
            port, address, data, metricsPort,
        };
        // Configuration overrides (--Auth:Keys:0:Key=..., --Limits:MaxK=...) go to the host as they are.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, ct) => RunAsync(
            [
                $"--Server:Port={parse.GetValue(port)}",
                $"--Server:ListenAddress={parse.GetValue(address)}",
                $"--Server:MetricsPort={parse.GetValue(metricsPort)}",
                $"--Storage:Provider=File",
                $"--Storage:File:Root={parse.GetValue(data)}",
                // The gallery lives in the space of the model served by default, so `twingan train` (which publishes
                // twin-faces) then `index` and `twin` work without configuration.
                $"--Search:ModelName={TrainCommand.DefaultModelName}",
                .. parse.UnmatchedTokens,
            ], ct));
        return command;
    }

    internal static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults("twingan-embedded");
        builder.Services.AddTranslator().AddEmbedder().AddSearch().AddTrainer();
        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapTranslator();
        app.MapEmbedder();
        app.MapSearch();
        app.MapTrainer();
        return app;
    }

    private static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        await using var app = Build(args);
        await app.RunAsync(cancellationToken);
        return 0;
    }
}
