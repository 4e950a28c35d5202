using System.CommandLine;
using System.Globalization;
using DeskMirror.Cli;
using DeskMirror.Desktop;
using DeskMirror.Runtime;
using DeskMirror.Settings;
using DeskMirror.Status;

namespace DeskMirror.Commands;

/// <summary><c>deskmirror status [--data-dir DIR]</c>: whether a desktop runs, and where to connect.</summary>
internal static class StatusCommand
{
    /// <summary>No DeskMirror is running (the LSB convention for "not running").</summary>
    public const int NotRunningExitCode = 3;

    private static readonly Option<string?> DataDirectory = CommonOptions.DataDirectory();

    public static Command Create()
    {
        var command = new Command("status", "Show whether DeskMirror is running, its URLs, credentials and a pairing QR code.");
        command.Options.Add(DataDirectory);
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(DataDirectory), Console.Out, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string? dataDirectory, TextWriter output, CancellationToken cancellationToken)
    {
        if (FindRunning(dataDirectory, output) is not { } state)
        {
            return StatusCommand.NotRunningExitCode;
        }

        using var client = new ControlClient(state);
        try
        {
            var status = await client.GetStatusAsync(cancellationToken);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"DeskMirror is running (pid {state.Pid}, since {state.StartedAt:yyyy-MM-dd HH:mm:ss})"));
            StatusPrinter.Write(output, new StatusReport(status.Mirror, status.LaunchUrl, status.PairingUrl, status.UsernameSource, status.PasswordSource));
            return ExitCodes.Ok;
        }
        catch (HttpRequestException ex)
        {
            output.WriteLine($"DeskMirror (pid {state.Pid}) is running but does not answer on 127.0.0.1:{state.DesktopPort}: {ex.Message}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>The state of the running desktop, or null after saying why there is none (a stale file is removed).</summary>
    public static RuntimeState? FindRunning(string? dataDirectory, TextWriter output)
    {
        var file = new RuntimeStateFile(dataDirectory ?? DeskMirrorPaths.DefaultDataDirectory());
        var state = file.Read();
        if (state is null)
        {
            output.WriteLine($"DeskMirror is not running (no runtime state file at {file.FilePath})");
            return null;
        }

        if (!RuntimeStateFile.IsAlive(state))
        {
            file.DeleteIfOwnedBy(state.Pid);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"DeskMirror is not running; the runtime state file was stale (pid {state.Pid}, started {state.StartedAt:yyyy-MM-dd HH:mm:ss}, no longer runs) and has been removed"));
            return null;
        }

        return state;
    }

}
