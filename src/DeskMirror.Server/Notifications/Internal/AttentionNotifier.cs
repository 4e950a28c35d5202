using System.Threading.Channels;
using DeskMirror.Server.Events;
using DeskMirror.Server.Projects;
using DeskMirror.Server.Push;
using DeskMirror.Server.Sessions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeskMirror.Server.Notifications.Internal;

/// <summary>
/// Tells the subscribed devices when a session needs its person: every <see cref="SessionAttentionEvent"/> of a reason
/// that notifies becomes one Web Push through <see cref="PushNotifierExtensions.NotifySession"/> (which keeps a
/// terminal's news on desktop devices). The bus handler only queues; one loop does the rest, so neither the session
/// nor the event bus ever waits for it. At most one push per session per <see cref="NotificationOptions.RepeatWindow"/>:
/// a later attention waits for the window's end and goes out then only if the session still needs its person.
/// </summary>
internal sealed class AttentionNotifier : IHostedService, IDisposable
{
    /// <summary>Steps waiting for the loop; when full the oldest is dropped (and counted), so a stuck loop costs little memory.</summary>
    internal const int QueueCapacity = 256;

    private readonly IEventBus _events;
    private readonly ISessionManager _sessions;
    private readonly IProjectStore _projects;
    private readonly IPushNotifier _push;
    private readonly NotificationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AttentionNotifier> _logger;
    private readonly Channel<Step> _steps;
    private readonly CancellationTokenSource _stopping = new();

    // Touched by the loop only.
    private readonly Dictionary<string, Pace> _paces = new(StringComparer.Ordinal);
    private IDisposable? _subscription;
    private Task? _loop;
    private long _dropped;
    private long _droppedReported;

    public AttentionNotifier(
        IEventBus events,
        ISessionManager sessions,
        IProjectStore projects,
        IPushNotifier push,
        IOptions<NotificationOptions> options,
        TimeProvider time,
        ILogger<AttentionNotifier> logger)
    {
        _events = events;
        _sessions = sessions;
        _projects = projects;
        _push = push;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _steps = Channel.CreateBounded<Step>(
            new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>Raised on the loop after each step (tests wait on it).</summary>
    internal event Action<NotifyReport>? Handled;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = _events.Subscribe(OnEvent);
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        _steps.Writer.TryComplete();
        await _stopping.CancelAsync();
        if (_loop is { } loop)
        {
            await loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _stopping.Dispose();
        foreach (var pace in _paces.Values)
        {
            pace.Flush?.Dispose();
        }
    }

    // On the publisher's thread, under the bus's lock: queue and return.
    private void OnEvent(ServerEvent e)
    {
        switch (e)
        {
            case SessionAttentionEvent attention:
                _steps.Writer.TryWrite(new Step(attention.Id, attention));
                break;
            case SessionRemovedEvent removed:
                _steps.Writer.TryWrite(new Step(removed.Id, null, Removed: true));
                break;
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var step in _steps.Reader.ReadAllAsync(cancellationToken))
            {
                ReportDrops();
                try
                {
                    if (await HandleAsync(step, cancellationToken) is { } decision)
                    {
                        Handled?.Invoke(new NotifyReport(step.SessionId, decision));
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One session's failure (its project unreadable, say) must not end notifications for every other.
                    Log.NotifyFailed(_logger, ex, step.SessionId);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task<NotifyDecision?> HandleAsync(Step step, CancellationToken cancellationToken)
    {
        if (step.Removed)
        {
            if (_paces.Remove(step.SessionId, out var gone))
            {
                gone.Flush?.Dispose();
            }

            return null;
        }

        var now = _time.GetTimestamp();
        if (step.Attention is not { } attention)
        {
            return await FlushAsync(step.SessionId, now, cancellationToken);
        }

        if (!_options.Notifies(attention.Reason))
        {
            return NotifyDecision.ReasonOff;
        }

        if (_sessions.Find(attention.Id) is not { } session)
        {
            return NotifyDecision.Nothing;
        }

        Forget(now);
        var window = _options.RepeatWindow;
        if (_paces.TryGetValue(session.Id, out var pace) && _time.GetElapsedTime(pace.LastSent, now) < window)
        {
            // The window's end looks again at what the session needs then; one timer per session at most.
            pace.Flush ??= _time.CreateTimer(
                static state => ((Action)state!)(),
                (Action)(() => _steps.Writer.TryWrite(new Step(session.Id, null))),
                window - _time.GetElapsedTime(pace.LastSent, now),
                Timeout.InfiniteTimeSpan);
            Log.Held(_logger, session.Id, window);
            return NotifyDecision.Held;
        }

        await SendAsync(session, attention.Reason, attention.Message, cancellationToken);
        _paces[session.Id] = new Pace { LastSent = now };
        return NotifyDecision.Sent;
    }

    /// <summary>The end of a session's window: what it needs now, if anything, goes out.</summary>
    private async Task<NotifyDecision> FlushAsync(string id, long now, CancellationToken cancellationToken)
    {
        if (!_paces.TryGetValue(id, out var pace))
        {
            return NotifyDecision.Nothing;
        }

        pace.Flush?.Dispose();
        pace.Flush = null;
        if (_sessions.Find(id) is not { Attention: { } attention } session || !_options.Notifies(attention.Reason))
        {
            return NotifyDecision.Nothing;
        }

        await SendAsync(session, attention.Reason, attention.Message, cancellationToken);
        pace.LastSent = now;
        return NotifyDecision.Sent;
    }

    private async Task SendAsync(SessionInfo session, SessionAttentionReason reason, string? message, CancellationToken cancellationToken)
    {
        var projects = await _projects.ListAsync(cancellationToken);
        var project = projects.FirstOrDefault(p => string.Equals(p.Id, session.ProjectId, StringComparison.Ordinal));
        _push.NotifySession(session, AttentionMessage.Name(reason), AttentionMessage.Body(reason, message), AttentionMessage.Title(session, project?.Name));
    }

    /// <summary>Sessions whose window has passed with nothing waiting need no memory.</summary>
    private void Forget(long now)
    {
        List<string>? done = null;
        foreach (var (id, pace) in _paces)
        {
            if (pace.Flush is null && _time.GetElapsedTime(pace.LastSent, now) >= _options.RepeatWindow)
            {
                (done ??= []).Add(id);
            }
        }

        foreach (var id in done ?? [])
        {
            _paces.Remove(id);
        }
    }

    private void ReportDrops()
    {
        var dropped = Interlocked.Read(ref _dropped);
        if (dropped != _droppedReported)
        {
            Log.Dropped(_logger, dropped - _droppedReported);
            _droppedReported = dropped;
        }
    }

    /// <summary>An attention to send, the end of a session's window (no attention), or a removed session.</summary>
    private sealed record Step(string SessionId, SessionAttentionEvent? Attention, bool Removed = false);

    /// <summary>When a session was last notified, and the timer of its window's end while an attention waits.</summary>
    private sealed class Pace
    {
        public long LastSent { get; set; }

        public ITimer? Flush { get; set; }
    }
}
