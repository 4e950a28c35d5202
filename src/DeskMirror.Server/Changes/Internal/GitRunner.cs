using System.Buffers;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace DeskMirror.Server.Changes.Internal;

/// <summary>
/// Runs the git CLI without a shell: every argument through <see cref="ProcessStartInfo.ArgumentList"/>, the caller's
/// <c>GIT_*</c> variables removed (so no <c>GIT_DIR</c>, <c>GIT_EXTERNAL_DIFF</c> or <c>GIT_CONFIG_PARAMETERS</c> leaks
/// in), no optional locks (a read never rewrites the index behind the user's editor), no pager, no prompt, a timeout,
/// a cap on the output and a bounded number of runs at once.
/// </summary>
internal sealed class GitRunner(ChangesOptions options) : IDisposable
{
    /// <summary>Standard error kept for a problem's detail.</summary>
    private const int MaxErrorChars = 4096;

    private const int ChunkBytes = 64 * 1024;

    private readonly SemaphoreSlim _slots = new(options.MaxConcurrentGit, options.MaxConcurrentGit);

    public async Task<GitRunResult> RunAsync(
        string workingDirectory, IReadOnlyList<string> arguments, GitOutputLimit limit, string? standardInput, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return await RunCoreAsync(workingDirectory, arguments, limit, standardInput, cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<GitRunResult> RunCoreAsync(
        string workingDirectory, IReadOnlyList<string> arguments, GitOutputLimit limit, string? standardInput, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(options.GitExecutable)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        PrepareEnvironment(info.Environment);

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new Win32Exception("Process.Start returned no process.");
        }
        catch (Win32Exception ex)
        {
            return new GitRunResult(GitRunStatus.NotStarted, -1, [], false, ex.Message);
        }

        using (process)
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(options.GitTimeout);
            var error = ReadErrorAsync(process.StandardError, timeout.Token);
            try
            {
                await WriteInputAsync(process, standardInput, timeout.Token);
                var (output, cut) = await ReadCappedAsync(process.StandardOutput.BaseStream, limit, timeout.Token);
                if (cut)
                {
                    Kill(process);
                }

                await process.WaitForExitAsync(timeout.Token);
                return new GitRunResult(GitRunStatus.Exited, cut ? -1 : process.ExitCode, output, cut, await error);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Kill(process);
                return new GitRunResult(GitRunStatus.TimedOut, -1, [], false, "");
            }
            catch
            {
                Kill(process);
                throw;
            }
        }
    }

    /// <summary>The inherited environment without git's own variables, plus the ones that keep a read a read.</summary>
    private static void PrepareEnvironment(IDictionary<string, string?> environment)
    {
        foreach (var name in environment.Keys.Where(k => k.StartsWith("GIT_", StringComparison.Ordinal)).ToList())
        {
            environment.Remove(name);
        }

        environment["GIT_OPTIONAL_LOCKS"] = "0";
        environment["GIT_TERMINAL_PROMPT"] = "0";
        environment["GIT_PAGER"] = "cat";
        environment["PAGER"] = "cat";
        // git 2.44 and later: never fetch a missing object of a partial clone (older versions ignore it; the
        // protocol settings in GitArguments block the fetch there).
        environment["GIT_NO_LAZY_FETCH"] = "1";
    }

    private static async Task WriteInputAsync(Process process, string? input, CancellationToken cancellationToken)
    {
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken);
            }
        }
        catch (IOException)
        {
            // git exited before reading everything (EPIPE); its exit code and output tell what happened.
        }
        finally
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // Same as above.
            }
        }
    }

    private static async Task<string> ReadErrorAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var kept = new StringBuilder();
        var buffer = new char[1024];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
            {
                kept.Append(buffer, 0, Math.Min(read, MaxErrorChars - kept.Length));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The run was cut short; what arrived is enough for a message.
        }

        return kept.ToString();
    }

    /// <summary>Reads up to the limit and cuts after the last whole record; true when something was left unread.</summary>
    private static async Task<(byte[] Output, bool Cut)> ReadCappedAsync(Stream stream, GitOutputLimit limit, CancellationToken cancellationToken)
    {
        using var output = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        long records = 0;
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(chunk.AsMemory(0, ChunkBytes), cancellationToken);
                if (read == 0)
                {
                    return (output.ToArray(), false);
                }

                var span = chunk.AsSpan(0, read);
                var cut = false;
                if (output.Length + span.Length > limit.MaxBytes)
                {
                    span = span[..(int)(limit.MaxBytes - output.Length)];
                    cut = true;
                }

                var separators = span.Count(limit.Separator);
                if (records + separators > limit.MaxRecords)
                {
                    span = span[..EndOfRecord(span, limit.Separator, (int)(limit.MaxRecords - records))];
                    cut = true;
                }

                records += separators;
                output.Write(span);
                if (cut)
                {
                    var kept = output.GetBuffer().AsSpan(0, (int)output.Length).LastIndexOf(limit.Separator) + 1;
                    return (output.GetBuffer().AsSpan(0, kept).ToArray(), true);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>The length of <paramref name="span"/> up to and including its <paramref name="count"/>-th separator.</summary>
    private static int EndOfRecord(ReadOnlySpan<byte> span, byte separator, int count)
    {
        var end = 0;
        for (var i = 0; i < count; i++)
        {
            end += span[end..].IndexOf(separator) + 1;
        }

        return end;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    public void Dispose() => _slots.Dispose();
}
