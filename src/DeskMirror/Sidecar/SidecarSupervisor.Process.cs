using System.Diagnostics;
using DeskMirror.Credentials;
using DeskMirror.Internal;

namespace DeskMirror.Sidecar;

/// <summary>Starting the command in a process group of its own, and ending that group.</summary>
internal sealed partial class SidecarSupervisor
{
    private Process Launch()
    {
        var start = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (OperatingSystem.IsWindows())
        {
            start.FileName = "cmd.exe";
            start.ArgumentList.Add("/c");
        }
        else
        {
            start.FileName = _setsid ?? "/bin/sh";
            if (_setsid is not null)
            {
                start.ArgumentList.Add("/bin/sh");
            }

            start.ArgumentList.Add("-c");
        }

        start.ArgumentList.Add(CommandLine);
        var credentials = _options.Credentials;
        start.Environment[CredentialVariables.DeskMirrorUsername] = credentials.Username;
        start.Environment[CredentialVariables.DeskMirrorPassword] = credentials.Password;
        start.Environment[CredentialVariables.OpencodeUsername] = credentials.Username;
        start.Environment[CredentialVariables.OpencodePassword] = credentials.Password;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => AddLine(e.Data);
        process.ErrorDataReceived += (_, e) => AddLine(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new SidecarNotReadyException($"could not start the sidecar command: {ex.Message}");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void AddLine(string? line)
    {
        if (line is not null)
        {
            _tail.Add(line);
        }
    }

    /// <summary>SIGTERM to the group, up to <paramref name="grace"/> for the leader to exit, then SIGKILL to the group.</summary>
    private async Task EndGroupAsync(Process process, TimeSpan grace)
    {
        var pid = SafePid(process);
        if (_setsid is not null && pid > 0)
        {
            if (grace > TimeSpan.Zero)
            {
                LibC.Kill(-pid, LibC.SigTerm);
                using var wait = new CancellationTokenSource(grace);
                try
                {
                    await process.WaitForExitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    // Did not exit in time; killed below.
                }
            }

            LibC.Kill(-pid, LibC.SigKill);
        }
        else if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await WaitForOutputAsync(process);
    }

    private static async Task WaitForOutputAsync(Process process)
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            // A grandchild that escaped the group still holds the pipe; give up on its last lines.
        }
    }

    private static int SafePid(Process process)
    {
        try
        {
            return process.Id;
        }
        catch (InvalidOperationException)
        {
            return 0;
        }
    }
}
