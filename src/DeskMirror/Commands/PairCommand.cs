using System.CommandLine;
using DeskMirror.Cli;
using DeskMirror.Instances;
using DeskMirror.Server.Desktop;
using DeskMirror.Settings;
using DeskMirror.Status;

namespace DeskMirror.Commands;

/// <summary><c>deskmirror pair [--data-dir DIR]</c>: a fresh one-time pairing link from the running desktop, with its QR code.</summary>
internal static class PairCommand
{
    private static readonly Option<string?> DataDirectory = CommonOptions.DataDirectory();

    public static Command Create()
    {
        var command = new Command("pair", "Print a fresh one-time sign-in link for a phone, with its QR code (needs a running DeskMirror).");
        command.Options.Add(DataDirectory);
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(DataDirectory), Console.Out, cancellationToken));
        return command;
    }

    public static Task<int> RunAsync(string? dataDirectory, TextWriter output, CancellationToken cancellationToken)
        => RunningDesktop.AskAsync(dataDirectory ?? DeskMirrorPaths.DefaultDataDirectory(), output, async (client, _) =>
        {
            var status = await client.GetStatusAsync(cancellationToken);
            var pairing = await client.PairAsync(cancellationToken);
            if (status.Mirror.State != MirrorState.Serving)
            {
                output.WriteLine($"note: the mirror is {status.Mirror.State.ToString().ToLowerInvariant()}{(status.Mirror.Error is null ? "" : $" ({status.Mirror.Error})")}; the link works once it serves");
            }

            StatusPrinter.WritePairing(output, pairing.PairingUrl);
            return ExitCodes.Ok;
        }, cancellationToken);
}
