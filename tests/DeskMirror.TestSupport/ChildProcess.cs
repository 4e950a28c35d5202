using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace DeskMirror.TestSupport;

/// <summary>
/// A real child process with its output captured line by line and waitable. Standard input is closed at
/// once; the process (and its descendants) is killed on dispose if it still runs.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Line)> _waiters = [];

    private ChildProcess(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, _stdout, _stdoutClosed);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, _stderr, _stderrClosed);
        _process.Start();
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Standard output and error, interleaved as they arrived.</summary>
    public string Output => Snapshot(_output);

    public string StandardOutput => Snapshot(_stdout);

    public string StandardError => Snapshot(_stderr);

    /// <summary>The program that runs .NET applications: the one running these tests.</summary>
    public static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    public static ChildProcess Start(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new ChildProcess(start);
    }

    /// <summary>Starts with everything <paramref name="start"/> says; the redirections are set here.</summary>
    public static ChildProcess Start(ProcessStartInfo start) => new(start);

    /// <summary>The first line (of stdout or stderr) that matches, printed before or after this call.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(match);
        var waiter = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            if (_output.ToString().Split('\n').FirstOrDefault(match) is { } seen)
            {
                return seen;
            }

            _waiters.Add((match, waiter));
        }

        try
        {
            return await Task.WhenAny(waiter.Task, ExitedAsync()).Unwrap().WaitAsync(timeout ?? TaskTimeoutExtensions.DefaultTimeoutSpan) is { } line && match(line)
                ? line
                : throw new InvalidOperationException($"the process exited while waiting for {what}; output:\n{Output}");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"hung waiting for {what}; output so far:\n{Output}", ex);
        }
    }

    /// <summary>Sends <paramref name="signal"/> (a number, e.g. 15) to the process.</summary>
    public void Signal(int signal)
    {
        using var kill = Process.Start("kill", ["-" + signal.ToString(CultureInfo.InvariantCulture), Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {Id} failed with exit code {kill.ExitCode}");
        }
    }

    /// <summary>Waits for the exit and the end of its output; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(string what, TimeSpan? timeout = null)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout ?? TaskTimeoutExtensions.DefaultTimeoutSpan);
            await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(timeout ?? TaskTimeoutExtensions.DefaultTimeoutSpan);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"hung waiting for the exit of {what}; output:\n{Output}", ex);
        }

        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                // A test that failed midway may have left it stopped; SIGKILL works on stopped processes.
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private string Snapshot(StringBuilder builder)
    {
        lock (_output)
        {
            return builder.ToString();
        }
    }

    private async Task<string> ExitedAsync()
    {
        await _process.WaitForExitAsync();
        await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task);
        return "";
    }

    private void OnLine(string? line, StringBuilder stream, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        lock (_output)
        {
            _output.Append(line).Append('\n');
            stream.Append(line).Append('\n');
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                waiter.Line.TrySetResult(line);
                _waiters.Remove(waiter);
            }
        }
    }
}
