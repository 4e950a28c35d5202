using System.CommandLine;

namespace DeskMirror;

internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand("DeskMirror: a desktop workspace server with a 1:1 web mirror for the local network.");
        // Subcommands, one line each (one command per file under Commands/).
        root.Subcommands.Add(Commands.ProxyCommand.Create());

        return root.Parse(args).InvokeAsync();
    }
}
