using System.CommandLine;
using Spectre.Console;
using TwinGan.Cli.Client;
using TwinGan.Contracts.Trainer.V1;

namespace TwinGan.Cli.Commands;

/// <summary><c>twingan publish</c>: a job's checkpoint becomes a model version (current unless --keep-current).</summary>
internal static class PublishCommand
{
    public static Command Create()
    {
        var job = new Argument<string>("job") { Description = "job id" };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "checkpoint id (default: the job's latest)" };
        var name = new Option<string?>("--name") { Description = "model name (default: the job's)" };
        var version = new Option<string?>("--version") { Description = "version to create, e.g. v3 (default: the next v<N>)" };
        var keep = new Option<bool>("--keep-current") { Description = "register the version without making it current" };
        var description = new Option<string?>("--description") { Description = "notes stored with the version" };
        var command = new Command("publish", "Publish a job's checkpoint as a model version; serving pods hot-reload it.")
        {
            job, checkpoint, name, version, keep, description,
        };
        return command.WithClient(new ClientOptions(), async (parse, client, ct) =>
        {
            var published = await client.Trainer.PublishModelAsync(new PublishModelRequest
            {
                JobId = parse.GetValue(job)!,
                CheckpointId = parse.GetValue(checkpoint) ?? "",
                ModelName = parse.GetValue(name) ?? "",
                Version = parse.GetValue(version) ?? "",
                KeepCurrentVersion = parse.GetValue(keep),
                Description = parse.GetValue(description) ?? "",
                RequestId = Guid.NewGuid().ToString(),
            }, deadline: client.Deadline(), cancellationToken: ct);
            if (client.Json) client.Console.WriteJson(published);
            else
                client.Console.Out.MarkupLine($"published [green]{Markup.Escape(published.ModelName)} {Markup.Escape(published.Version)}[/]"
                    + (published.IsCurrent ? " (now current)" : " (not current)") + ".");
            return ExitCodes.Ok;
        });
    }
}
