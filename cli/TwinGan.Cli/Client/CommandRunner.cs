using System.CommandLine;
using Grpc.Core;

namespace TwinGan.Cli.Client;

/// <summary>
/// Runs a client command: opens the connection, maps expected failures (gRPC statuses, local file problems,
/// Ctrl+C) to a one-line message with a hint and the documented exit code. Unexpected exceptions still surface,
/// since they are bugs.
/// </summary>
internal static class CommandRunner
{
    public delegate Task<int> ClientAction(ParseResult parse, ClientContext client, CancellationToken cancellationToken);

    public static Command WithClient(this Command command, ClientOptions options, ClientAction action)
    {
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = new CliConsole(parse.GetValue(options.Json));
            string address = ClientOptions.DefaultAddress;
            try
            {
                address = options.ResolveAddress(parse);
                using var client = options.Open(parse);
                return await action(parse, client, cancellationToken);
            }
            catch (Exception e) when (Describe(e, address, cancellationToken) is { } error)
            {
                if (error.ExitCode != ExitCodes.Interrupted) console.Report(error);
                return error.ExitCode;
            }
        });
        return command;
    }

    /// <summary>The user-facing form of an expected failure; null for a bug, which keeps its stack trace.</summary>
    public static CliError? Describe(Exception e, string address, CancellationToken cancellationToken) => e switch
    {
        _ when cancellationToken.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled } =>
            new CliError("CANCELLED", ExitCodes.Interrupted, "interrupted", [], null),
        RpcException rpc => CliError.From(rpc, address),
        UsageException usage => CliError.Usage(usage.Message, usage.Hint),
        OperationFailedException failed => new CliError("FAILED", ExitCodes.PartialFailure, failed.Message, [], failed.Hint),
        IOException or UnauthorizedAccessException => CliError.Usage(e.Message),
        _ => null,
    };
}
