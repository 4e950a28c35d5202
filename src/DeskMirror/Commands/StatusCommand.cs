using System.CommandLine;
using System.Globalization;
using DeskMirror.Cli;
using DeskMirror.Instances;
using DeskMirror.Settings;
using DeskMirror.Status;

namespace DeskMirror.Commands;

/// <summary><c>deskmirror status [--data-dir DIR]</c>: whether a desktop runs, and where to connect.</summary>
internal static class StatusCommand
{
    private static readonly Option<string?> DataDirectory = CommonOptions.DataDirectory();

    public static Command Create()
    {
        var command = new Command("status", "Show whether DeskMirror is running, its URLs, credentials and a pairing QR code.");
        command.Options.Add(DataDirectory);
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(DataDirectory), Console.Out, cancellationToken));
        return command;
    }

    public static Task<int> RunAsync(string? dataDirectory, TextWriter output, CancellationToken cancellationToken)
        => RunningDesktop.AskAsync(dataDirectory ?? DeskMirrorPaths.DefaultDataDirectory(), output, async (client, state) =>
        {
            var status = await client.GetStatusAsync(cancellationToken);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"DeskMirror is running (pid {state.Pid}, since {state.StartedAt:yyyy-MM-dd HH:mm:ss})"));
            StatusPrinter.Write(output, new StatusReport(status.Mirror, status.LaunchUrl, status.PairingUrl, status.UsernameSource, status.PasswordSource));
            return ExitCodes.Ok;
        }, cancellationToken);
}
