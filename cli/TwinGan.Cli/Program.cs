using System.CommandLine;
using System.CommandLine.Invocation;
using TwinGan.Cli.Client;
using TwinGan.Cli.Commands;

var root = new RootCommand("TwinGan: unpaired cross-domain face translation and anime-twin search.")
{
    ServeCommand.Create(),
    DemoCommand.Create(),
    DatasetCommand.Create(),
    TranslateCommand.Create(),
    EmbedCommand.Create(),
    TwinCommand.Create(),
    IndexCommand.Create(),
    TrainCommand.Create(),
    JobsCommand.Create(),
    ModelsCommand.Create(),
    PublishCommand.Create(),
    HealthCommand.Create(),
};
var parse = root.Parse(args);
// Parse errors exit with the documented usage code (2) rather than System.CommandLine's 1.
if (parse.Action is ParseErrorAction)
{
    foreach (var error in parse.Errors) Console.Error.WriteLine($"error: {error.Message}");
    Console.Error.WriteLine($"hint: `{string.Join(' ', ["twingan", .. CommandPath(parse), "--help"])}` shows the usage.");
    return ExitCodes.Usage;
}
return await parse.InvokeAsync();

static IEnumerable<string> CommandPath(ParseResult parse)
{
    var names = new List<string>();
    for (var result = parse.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
        names.Insert(0, result.Command.Name);
    return names;
}
