using System.CommandLine;
using TwinGan.Cli.Commands;

var root = new RootCommand("TwinGan: unpaired cross-domain face translation and anime-twin search.")
{
    ServeCommand.Create(),
    HealthCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
