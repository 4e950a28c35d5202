using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using DeskMirror.Internal;

namespace DeskMirror.Sidecar;

/// <summary>
/// Runs an external server on a free loopback port, waits until it is ready, restarts it with backoff when it
/// crashes (on the same port, so the proxy in front never changes), and ends its whole process group on stop.
/// </summary>
/// <remarks>
/// The command runs as <c>setsid /bin/sh -c CMD</c> on Linux: <c>setsid</c> makes it the leader of a new
/// session and process group without forking (our child is not a group leader), so <c>kill(-pid)</c>
/// reaches the shell and everything it started, and a Ctrl-C in our terminal does not hit it before we
/// decide to stop it. Where <c>setsid</c> is missing, the process tree is killed instead.
/// </remarks>
internal sealed partial class SidecarSupervisor : IAsyncDisposable
{
    private readonly SidecarOptions _options;
    private readonly OutputTail _tail;
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stopping = new();
    private readonly string? _setsid = OperatingSystem.IsLinux() ? ExecutableLocator.Find("setsid") : null;
    private Process? _current;
    private Task? _supervision;
    private int _stopped;

    public SidecarSupervisor(SidecarOptions options)
    {
        _options = options;
        _tail = new OutputTail(options.TailLines);
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Credentials.Username}:{options.Credentials.Password}")));
    }

    /// <summary>The loopback port the command listens on; the same across restarts.</summary>
    public int Port { get; private set; }

    /// <summary>The process id of the current run (the group leader), or null.</summary>
    public int? ProcessId => _current is { } p ? SafePid(p) : null;

    /// <summary>How many times the command was restarted after a crash.</summary>
    public int Restarts { get; private set; }

    /// <summary>The last lines the command printed (standard output and error).</summary>
    public IReadOnlyList<string> RecentOutput => _tail.Snapshot();

    /// <summary>The command line with the port filled in.</summary>
    public string CommandLine => _options.CommandTemplate.Replace(SidecarOptions.PortPlaceholder, Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>Picks the port, starts the command and returns once it is ready; throws <see cref="SidecarNotReadyException"/> otherwise.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        Port = FreePort.Pick();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        await StartOnceAsync(linked.Token);
        _supervision = SuperviseAsync(_stopping.Token);
    }

    /// <summary>Stops supervising and ends the command's process group: SIGTERM, the grace period, then SIGKILL.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_supervision is not null)
        {
            try
            {
                await _supervision;
            }
            catch (OperationCanceledException)
            {
                // Expected: the stop cancelled the wait.
            }
        }

        if (_current is { } process)
        {
            await EndGroupAsync(process, _options.StopGrace);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
        _stopping.Dispose();
    }

    private async Task SuperviseAsync(CancellationToken cancellationToken)
    {
        var delay = _options.InitialRestartDelay;
        var time = _options.TimeProvider;
        while (true)
        {
            var process = _current!;
            var startedAt = time.GetTimestamp();
            await process.WaitForExitAsync(cancellationToken);
            var exitCode = process.ExitCode;
            // The leader is gone; anything it started may still hold the port.
            await EndGroupAsync(process, TimeSpan.Zero);
            if (time.GetElapsedTime(startedAt) >= _options.HealthyRunTime)
            {
                delay = _options.InitialRestartDelay;
            }

            _options.Log.WriteLine($"sidecar (pid {SafePid(process)}) exited with code {exitCode}; restarting in {delay.TotalSeconds:0.#} s");
            await Task.Delay(delay, time, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRestartDelay.Ticks));
            Restarts++;
            try
            {
                await StartOnceAsync(cancellationToken);
            }
            catch (SidecarNotReadyException ex)
            {
                _options.Log.WriteLine(ex.Message);
            }
        }
    }

    private async Task StartOnceAsync(CancellationToken cancellationToken)
    {
        var process = Launch();
        var previous = _current;
        _current = process;
        previous?.Dispose();
        var startedAt = _options.TimeProvider.GetTimestamp();
        try
        {
            await WaitReadyAsync(process, cancellationToken);
        }
        catch
        {
            await EndGroupAsync(process, TimeSpan.Zero);
            throw;
        }

        var elapsed = _options.TimeProvider.GetElapsedTime(startedAt);
        _options.Log.WriteLine($"sidecar started (pid {SafePid(process)}) on 127.0.0.1:{Port}, ready after {elapsed.TotalMilliseconds:0} ms");
    }
}
