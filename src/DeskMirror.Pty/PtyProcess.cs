using System.Collections;
using DeskMirror.Pty.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeskMirror.Pty;

/// <summary>
/// A child process under a pseudo-terminal (Linux and macOS). The child leads a new session whose
/// controlling terminal is the PTY. A dedicated thread drains the master at all times and hands every
/// chunk to the output handler; another dedicated thread waits for this one child (never waitpid(-1),
/// which would steal the runtime's own children).
/// </summary>
public sealed partial class PtyProcess : IAsyncDisposable
{
    /// <summary>Time between SIGHUP and SIGKILL in <see cref="DisposeAsync"/>: 3 seconds.</summary>
    public static readonly TimeSpan DefaultStopGrace = TimeSpan.FromSeconds(3);

    /// <summary>Largest width or height accepted by the terminal driver.</summary>
    public const int MaxDimension = ushort.MaxValue;

    private readonly PtyMasterHandle _master;
    private readonly PtyOutputHandler _output;
    private readonly ILogger _logger;

    private PtyProcess(int master, int pid, string terminalPath, PtyOutputHandler output, ILogger logger)
    {
        _master = new PtyMasterHandle(master);
        ProcessId = pid;
        TerminalPath = terminalPath;
        _output = output;
        _logger = logger;
    }

    /// <summary>The child's pid; also its session and process group id.</summary>
    public int ProcessId { get; }

    /// <summary>The slave device, e.g. <c>/dev/pts/3</c>.</summary>
    public string TerminalPath { get; }

    /// <summary>Completes once the child has been reaped and its output drained.</summary>
    public Task<PtyExitStatus> Exited => _exited.Task;

    /// <summary>
    /// Starts the child. Throws <see cref="PlatformNotSupportedException"/> on Windows and
    /// <see cref="PtyStartException"/> when the program or the directory is missing or the PTY cannot be made.
    /// </summary>
    public static PtyProcess Start(PtyStartInfo startInfo, PtyOutputHandler output, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        ArgumentNullException.ThrowIfNull(output);
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            throw new PlatformNotSupportedException(
                "Sessions under a pseudo-terminal are supported on Linux and macOS only; Windows (ConPTY) is not supported yet.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(startInfo.Cols, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(startInfo.Cols, MaxDimension);
        ArgumentOutOfRangeException.ThrowIfLessThan(startInfo.Rows, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(startInfo.Rows, MaxDimension);
        if (startInfo.FileCreationMask is { } mask)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(mask, nameof(startInfo));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(mask, MaskedLaunch.MaxMask, nameof(startInfo));
            if (startInfo.ArgumentZero is not null)
            {
                throw new ArgumentException("ArgumentZero cannot be combined with FileCreationMask: the program is started by exec from /bin/sh, which cannot set argv[0].", nameof(startInfo));
            }
        }

        logger ??= NullLogger.Instance;

        if (ChildSignals.RunningAsInit)
        {
            Log.RunningAsInit(logger);
        }

        if (!Directory.Exists(startInfo.WorkingDirectory))
        {
            throw new PtyStartException($"The working directory '{startInfo.WorkingDirectory}' does not exist.", LibC.ENOENT);
        }

        var environment = BuildEnvironment(startInfo.Environment);
        var searchPath = environment.TryGetValue("PATH", out var path) ? path : null;
        var executable = ExecutableResolver.Resolve(startInfo.FileName, startInfo.WorkingDirectory, searchPath)
            ?? throw new PtyStartException($"Command not found: '{startInfo.FileName}' is not an executable file in the PATH.", LibC.ENOENT);

        List<string> argv;
        var spawned = executable;
        if (startInfo.FileCreationMask is { } childMask)
        {
            (spawned, argv) = MaskedLaunch.Wrap(executable, startInfo.Arguments, childMask);
        }
        else
        {
            argv = new List<string>(startInfo.Arguments.Count + 1) { startInfo.ArgumentZero ?? startInfo.FileName };
            argv.AddRange(startInfo.Arguments);
        }

        var envp = environment.Select(pair => $"{pair.Key}={pair.Value}").ToList();

        var (master, pid, terminalPath) = Spawner.Spawn(spawned, argv, envp, startInfo.WorkingDirectory, startInfo.Cols, startInfo.Rows);
        var process = new PtyProcess(master, pid, terminalPath, output, logger);
        Log.Started(logger, pid, terminalPath, executable);
        process.StartThreads();
        return process;
    }

    /// <summary>Sets the window size; the kernel sends SIGWINCH to the foreground process group.</summary>
    public void Resize(int columns, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(columns, MaxDimension);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, MaxDimension);
        var added = false;
        _master.DangerousAddRef(ref added);
        try
        {
            Spawner.SetWindowSize(_master.Fd, columns, rows);
        }
        finally
        {
            _master.DangerousRelease();
        }
    }

    /// <summary>
    /// The terminal's foreground process group (<c>tcgetpgrp</c> on the master): the job that reads the keyboard.
    /// Null once the PTY is closed or when the terminal has none.
    /// </summary>
    public int? ForegroundProcessGroup
    {
        get
        {
            var added = false;
            try
            {
                _master.DangerousAddRef(ref added);
                var group = LibC.TcGetPgrp(_master.Fd);
                return group > 0 ? group : null;
            }
            catch (ObjectDisposedException)
            {
                return null;
            }
            finally
            {
                if (added)
                {
                    _master.DangerousRelease();
                }
            }
        }
    }

    /// <summary>Stops the child if it still runs (SIGHUP, then SIGKILL after <see cref="DefaultStopGrace"/>) and closes the PTY.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_exited.Task.IsCompleted)
        {
            await StopAsync(DefaultStopGrace).ConfigureAwait(false);
        }

        await _exited.Task.ConfigureAwait(false);

        // _writeLock is deliberately not disposed: a write that already succeeded may still be about to
        // release it when a fast child exits, and a disposed lock would turn that success into an error.
        // It never hands out its wait handle, so there is nothing to free.
        _master.Dispose();
    }

    private static SortedDictionary<string, string> BuildEnvironment(IReadOnlyDictionary<string, string?> changes)
    {
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        // Sizes come from the terminal; stale values from the parent would override it in many programs.
        environment.Remove("COLUMNS");
        environment.Remove("LINES");
        environment["TERM"] = PtyStartInfo.DefaultTerminalType;
        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                environment.Remove(key);
            }
            else
            {
                environment[key] = value;
            }
        }

        return environment;
    }
}
