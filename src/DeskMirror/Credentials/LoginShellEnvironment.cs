using System.Diagnostics;
using System.Text;

namespace DeskMirror.Credentials;

/// <summary>
/// Reads environment variables the way the user's login shell sets them (<c>$SHELL -l -c env</c>), for a
/// desktop started from a launcher that never ran the user's profile. Best effort: a shell that is
/// missing, fails or hangs past the timeout gives nothing, and the hanging shell is killed.
/// </summary>
internal static class LoginShellEnvironment
{
    /// <summary>Output beyond this is not an environment listing; reading stops there.</summary>
    public const int MaxOutputChars = 1024 * 1024;

    /// <summary>Runs the shell and returns the values of <paramref name="names"/> it sets (absent when unset).</summary>
    public static async Task<LoginShellResult> ReadAsync(string? shell, IReadOnlyCollection<string> names, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (OperatingSystem.IsWindows() || string.IsNullOrWhiteSpace(shell) || !File.Exists(shell))
        {
            return new LoginShellResult(new Dictionary<string, string>(), shell is null ? "SHELL is not set" : $"shell {shell} not found");
        }

        var start = new ProcessStartInfo(shell)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("-l");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("env");

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return new LoginShellResult(new Dictionary<string, string>(), $"shell {shell} could not start: {ex.Message}");
        }

        process.StandardInput.Close();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
            var output = await ReadBoundedAsync(process.StandardOutput, deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
            await stderr;
            if (process.ExitCode != 0)
            {
                return new LoginShellResult(new Dictionary<string, string>(), $"login shell {shell} exited with {process.ExitCode}");
            }

            return new LoginShellResult(Parse(output, names), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            KillQuietly(process);
            return new LoginShellResult(new Dictionary<string, string>(), $"login shell {shell} did not finish within {timeout.TotalSeconds:0.#} s; skipped");
        }
        catch
        {
            KillQuietly(process);
            throw;
        }
    }

    /// <summary>Picks <c>NAME=value</c> lines of the wanted names out of <c>env</c> output; the first line of each wins.</summary>
    public static Dictionary<string, string> Parse(string output, IReadOnlyCollection<string> names)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n'))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var name = line[..equals];
            if (names.Contains(name) && !found.ContainsKey(name))
            {
                found[name] = line[(equals + 1)..].TrimEnd('\r');
            }
        }

        return found;
    }

    private static async Task<string> ReadBoundedAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var builder = new StringBuilder();
        var buffer = new char[8192];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (builder.Length + read > MaxOutputChars)
            {
                break;
            }

            builder.Append(buffer, 0, read);
        }

        return builder.ToString();
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}

