using System.CommandLine;
using TwinGan.Contracts.Common.V1;

namespace TwinGan.Cli.Commands;

/// <summary><c>--model</c> and <c>--version</c>: which served model (default: the server's) and version (default: current).</summary>
internal sealed class ModelOptions
{
    private ModelOptions()
    {
    }

    public Option<string> Name { get; } = new("--model") { Description = "model name (default: the server's default model)" };

    public Option<string> Version { get; } = new("--version") { Description = "pin a model version, e.g. v2 (default: the current version)" };

    public static ModelOptions Create() => new();

    public void AddTo(Command command)
    {
        command.Options.Add(Name);
        command.Options.Add(Version);
    }

    public ModelRef Ref(ParseResult parse) => new() { Name = parse.GetValue(Name) ?? "", Version = parse.GetValue(Version) ?? "" };
}
