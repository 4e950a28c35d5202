using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace DeskMirror.Tests.TestSupport;

/// <summary>
/// A real child process with its output captured line by line and waitable: the <c>deskmirror</c> executable
/// (<see cref="StartDeskMirror"/>, with a clean environment: temp HOME and XDG folders, no display, no
/// credentials from the test runner's environment) or any other program.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
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
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, _stdoutClosed);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, _stderrClosed);
        _process.Start();
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    /// <summary>Standard output and error, interleaved as they arrived.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string DeskMirrorDll => Path.Combine(AppContext.BaseDirectory, "deskmirror.dll");

    /// <summary>Runs <c>dotnet deskmirror.dll ARGS</c> with HOME and XDG folders inside <paramref name="home"/>.</summary>
    public static ChildProcess StartDeskMirror(string home, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        start.ArgumentList.Add(DeskMirrorDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["HOME"] = home;
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(home, "config");
        start.Environment["XDG_DATA_HOME"] = Path.Combine(home, "data");
        start.Environment["SHELL"] = "/bin/false";
        foreach (var name in new[] { "DISPLAY", "WAYLAND_DISPLAY", "DESKMIRROR_USERNAME", "DESKMIRROR_PASSWORD", "OPENCODE_SERVER_USERNAME", "OPENCODE_SERVER_PASSWORD" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        return new ChildProcess(start);
    }

    public static ChildProcess Start(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new ChildProcess(start);
    }

    /// <summary>The first output line that matches, printed before or after this call.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what, TimeSpan? timeout = null)
    {
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
            return await Task.WhenAny(waiter.Task, ExitedAsync()).Unwrap().WaitAsync(timeout ?? TimeoutExtensions.Default) is { } line && match(line)
                ? line
                : throw new InvalidOperationException($"the process exited while waiting for {what}; output:\n{Output}");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"hung waiting for {what}; output so far:\n{Output}", ex);
        }
    }

    public void Signal(int signal)
    {
        using var kill = Process.Start("kill", ["-" + signal.ToString(CultureInfo.InvariantCulture), Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(string what, TimeSpan? timeout = null)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout ?? TimeoutExtensions.Default);
            await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(timeout ?? TimeoutExtensions.Default);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"hung waiting for the exit of {what}; output:\n{Output}", ex);
        }

        return _process.ExitCode;
    }

    public bool HasExited => _process.HasExited;

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

    private async Task<string> ExitedAsync()
    {
        await _process.WaitForExitAsync();
        await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task);
        return "";
    }

    private void OnLine(string? line, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        lock (_output)
        {
            _output.Append(line).Append('\n');
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                waiter.Line.TrySetResult(line);
                _waiters.Remove(waiter);
            }
        }
    }
}
