using System.CommandLine;
using DeskMirror.Commands;

namespace DeskMirror;

internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        // Before any socket or file is opened: every command may hold many connections (the desktop's mirror,
        // `proxy`, `mirror`), and the proxy sizes its connection limit from this limit.
        Proxy.DescriptorLimit.RaiseSoftLimitToHardLimit();

        var root = new RootCommand("DeskMirror: a desktop workspace server with a 1:1 web mirror for the local network.");
        // Subcommands, one line each (one command per file under Commands/).
        root.Subcommands.Add(Commands.ProxyCommand.Create());
        root.AddDesktop();
        root.Subcommands.Add(Commands.StatusCommand.Create());
        root.Subcommands.Add(Commands.PairCommand.Create());
        root.Subcommands.Add(Commands.MirrorCommand.Create());

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            // One line and exit code 2, instead of System.CommandLine's whole help text and exit code 1.
            Console.Error.WriteLine($"deskmirror: {parseResult.Errors[0].Message}");
            return Task.FromResult(Cli.ExitCodes.Usage);
        }

        // Commands handle Ctrl-C and SIGTERM themselves (Cli.ShutdownSignal) and decide when they are done,
        // so System.CommandLine's 2 s termination timeout must not cut a clean shutdown short.
        return parseResult.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
