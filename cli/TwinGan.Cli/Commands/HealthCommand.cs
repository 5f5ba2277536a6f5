using System.CommandLine;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Spectre.Console;

namespace TwinGan.Cli.Commands;

/// <summary><c>twingan health</c>: asks a running deployment's <c>grpc.health.v1</c> about the process and each service.</summary>
internal static class HealthCommand
{
    private static readonly string[] KnownServices =
    [
        "",
        "twingan.translator.v1.TranslatorService",
        "twingan.embedder.v1.EmbedderService",
        "twingan.search.v1.SearchService",
        "twingan.trainer.v1.TrainerService",
    ];

    public static Command Create()
    {
        var address = new Option<string>("--address") { Description = "server address", DefaultValueFactory = _ => "http://127.0.0.1:5000" };
        var command = new Command("health", "Show the health of a running deployment (exit code 0 when everything is SERVING).") { address };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(address)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(string address, CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var client = new Health.HealthClient(channel);
        var table = new Table().AddColumn("service").AddColumn("status");
        var allServing = true;
        foreach (var service in KnownServices)
        {
            var status = await CheckAsync(client, service, cancellationToken);
            allServing &= status == "SERVING";
            table.AddRow(service.Length == 0 ? "(process)" : service, Markup.Escape(status));
        }
        AnsiConsole.Write(table);
        return allServing ? 0 : 1;
    }

    private static async Task<string> CheckAsync(Health.HealthClient client, string service, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await client.CheckAsync(new HealthCheckRequest { Service = service },
                deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: cancellationToken);
            return reply.Status switch
            {
                HealthCheckResponse.Types.ServingStatus.Serving => "SERVING",
                HealthCheckResponse.Types.ServingStatus.NotServing => "NOT_SERVING",
                HealthCheckResponse.Types.ServingStatus.ServiceUnknown => "SERVICE_UNKNOWN",
                _ => "UNKNOWN",
            };
        }
        catch (RpcException e)
        {
            return $"{e.StatusCode}: {e.Status.Detail}";
        }
    }
}
