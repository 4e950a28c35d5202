using System.Diagnostics;
using System.Text;

namespace DeskMirror.Tests.Cli;

/// <summary>The real <c>deskmirror</c> executable run as a child process (<c>dotnet deskmirror.dll …</c>), output captured line by line.</summary>
internal sealed class DeskMirrorProcess : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Line)> _waiters = [];

    private DeskMirrorProcess(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "deskmirror.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, _stdout, _stdoutClosed, isStdout: true);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, _stderr, _stderrClosed, isStdout: false);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string StandardOutput
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_stdout)
            {
                return _stderr.ToString();
            }
        }
    }

    public static DeskMirrorProcess Start(params string[] args) => new(args);

    /// <summary>Runs to the end; returns the exit code.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var code = await process.WaitForExitAsync($"deskmirror {string.Join(' ', args)}");
        return (code, process.StandardOutput, process.StandardError);
    }

    /// <summary>The first stdout line that matches, printed before or after this call.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what)
    {
        var waiter = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_stdout)
        {
            var seen = _stdout.ToString().Split('\n').FirstOrDefault(match);
            if (seen is not null)
            {
                return seen;
            }

            _waiters.Add((match, waiter));
        }

        try
        {
            return await waiter.Task.WaitAsync(Timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"hung waiting for {what}; stdout so far: {StandardOutput}; stderr: {StandardError}", e);
        }
    }

    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().WaitAsync(Timeout);
        Assert.Equal(0, kill.ExitCode);
    }

    public async Task<int> WaitForExitAsync(string what)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(Timeout);
            await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(Timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"hung waiting for the exit of {what}; stdout: {StandardOutput}; stderr: {StandardError}", e);
        }

        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void OnLine(string? line, StringBuilder sink, TaskCompletionSource closed, bool isStdout)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        lock (_stdout)
        {
            sink.Append(line).Append('\n');
            if (!isStdout)
            {
                return;
            }

            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                waiter.Line.TrySetResult(line);
                _waiters.Remove(waiter);
            }
        }
    }
}
