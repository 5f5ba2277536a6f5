using System.CommandLine;
using System.Text.Json.Nodes;
using Grpc.Core;
using Grpc.Health.V1;
using Spectre.Console;
using TwinGan.Cli.Client;

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
        var command = new Command("health", "Show the health of a running deployment (exit code 0 when everything is SERVING, 1 otherwise).");
        return command.WithClient(new ClientOptions(), async (parse, client, ct) =>
        {
            var health = new Health.HealthClient(client.Invoker);
            // The process check goes first and unguarded: an unreachable server is one friendly error, not a table of them.
            var statuses = new List<(string Service, string Status)> { ("", await CheckAsync(health, "", client, ct)) };
            foreach (var service in KnownServices.Skip(1))
                statuses.Add((service, await TryCheckAsync(health, service, client, ct)));
            var allServing = statuses.All(s => s.Status == "SERVING");
            if (client.Json)
                client.Console.WriteJson(new JsonObject
                {
                    ["address"] = client.Address,
                    ["serving"] = allServing,
                    ["services"] = new JsonObject([.. statuses.Select(s => KeyValuePair.Create(s.Service.Length == 0 ? "(process)" : s.Service, (JsonNode?)s.Status))]),
                });
            else
            {
                var table = new Table().AddColumn("service").AddColumn("status");
                foreach (var (service, status) in statuses)
                    table.AddRow(service.Length == 0 ? "(process)" : service, status == "SERVING" ? "[green]SERVING[/]" : $"[red]{Markup.Escape(status)}[/]");
                client.Console.Out.Write(table);
            }
            return allServing ? ExitCodes.Ok : ExitCodes.PartialFailure;
        });
    }

    private static async Task<string> TryCheckAsync(Health.HealthClient client, string service, ClientContext context, CancellationToken ct)
    {
        try
        {
            return await CheckAsync(client, service, context, ct);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            return $"{CliError.Name(e.StatusCode)}: {e.Status.Detail}";
        }
    }

    private static async Task<string> CheckAsync(Health.HealthClient client, string service, ClientContext context, CancellationToken ct)
    {
        var reply = await client.CheckAsync(new HealthCheckRequest { Service = service }, deadline: context.Deadline(), cancellationToken: ct);
        return reply.Status switch
        {
            HealthCheckResponse.Types.ServingStatus.Serving => "SERVING",
            HealthCheckResponse.Types.ServingStatus.NotServing => "NOT_SERVING",
            HealthCheckResponse.Types.ServingStatus.ServiceUnknown => "SERVICE_UNKNOWN",
            _ => "UNKNOWN",
        };
    }
}
