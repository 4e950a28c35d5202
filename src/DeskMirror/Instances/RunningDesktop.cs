using System.Globalization;
using DeskMirror.Cli;
using DeskMirror.Desktop;
using DeskMirror.Runtime;

namespace DeskMirror.Instances;

/// <summary>
/// Finds the desktop running on a data folder through its runtime state file and talks to its control
/// endpoint, for <c>deskmirror status</c> and <c>pair</c>: one wording for "not running", "stale" and
/// "does not answer".
/// </summary>
internal static class RunningDesktop
{
    /// <summary>The state of the running desktop, or null after saying why there is none (a stale file is removed).</summary>
    public static RuntimeState? Find(string dataDirectory, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var file = new RuntimeStateFile(dataDirectory);
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

    /// <summary>
    /// Finds the running desktop and runs <paramref name="ask"/> against its control endpoint. Returns
    /// <see cref="ExitCodes.NotRunning"/> when none runs, <see cref="ExitCodes.Failure"/> when it does not answer.
    /// </summary>
    public static async Task<int> AskAsync(string dataDirectory, TextWriter output, Func<ControlClient, RuntimeState, Task<int>> ask, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ask);
        if (Find(dataDirectory, output) is not { } state)
        {
            return ExitCodes.NotRunning;
        }

        using var client = new ControlClient(state);
        try
        {
            return await ask(client, state);
        }
        catch (Exception ex) when (IsNoAnswer(ex, cancellationToken))
        {
            output.WriteLine($"DeskMirror (pid {state.Pid}) is running but does not answer on 127.0.0.1:{state.DesktopPort}: {ex.Message}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>Refused, reset, an error status, or no answer within the client's timeout (not a cancellation of ours).</summary>
    public static bool IsNoAnswer(Exception exception, CancellationToken cancellationToken)
        => exception is HttpRequestException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested);
}
