using DeskMirror.Server.Events;

namespace DeskMirror.Server.Sessions.Internal;

/// <summary>
/// Attention: a session needs its person. Bells and notifications come from the screen's emulator as it parses;
/// <c>input</c> and <c>idle</c> from one timer that looks at every running session; <c>exited</c> from the end.
/// Raising publishes <c>session.attention</c>; clearing (input, new output after idle, a person opening the
/// session) publishes <c>session.updated</c>.
/// </summary>
internal sealed partial class SessionManager
{
    private ITimer? _attentionTimer;
    private int _polling;
    private long _passes;

    /// <summary>Passes of the attention timer so far (tests wait on it to say "nothing happened during N passes").</summary>
    internal long AttentionPasses => Interlocked.Read(ref _passes);

    public SessionError? MarkSeen(string id)
    {
        if (!_sessions.TryGetValue(id, out var session))
        {
            return SessionError.NotFound(id);
        }

        ClearAttention(session);
        return null;
    }

    /// <summary>Wires a new running session's emulator to attention and starts the shared timer on first use.</summary>
    private void WatchAttention(Session session, SessionTerminal? terminal)
    {
        session.Attention = new AttentionState(_time.GetTimestamp());
        if (terminal is not null)
        {
            terminal.Signaled += signals => OnSignals(session, signals);
            terminal.Fed += _ =>
            {
                if (session.Info.Attention?.Reason == SessionAttentionReason.Idle)
                {
                    ClearAttention(session);
                }
            };
        }

        var period = Options.Attention.PollInterval;
        if (Volatile.Read(ref _attentionTimer) is null && (Options.Attention.InputAfter > TimeSpan.Zero || Options.Attention.IdleAfter > TimeSpan.Zero))
        {
            var timer = _time.CreateTimer(_ => Poll(), null, period, period);
            if (Interlocked.CompareExchange(ref _attentionTimer, timer, null) is not null)
            {
                timer.Dispose();
            }
        }
    }

    /// <summary>Input clears attention and starts a new wait for input.</summary>
    private void NoteInput(Session session)
    {
        if (session.Attention is { } state)
        {
            lock (state.Lock)
            {
                state.LastInput = _time.GetTimestamp();
                state.ReadingSince = null;
                state.InputRaised = false;
            }
        }

        ClearAttention(session);
    }

    private void OnSignals(Session session, TerminalSignals signals)
    {
        if (session.Attention is not { } state)
        {
            return;
        }

        var now = _time.GetTimestamp();
        var repeat = Options.Attention.RepeatAfter;
        if (signals.Notification is { } notification)
        {
            var text = Bound(notification.Text);
            bool raise;
            lock (state.Lock)
            {
                raise = state.LastNotification is not { } last || last.Text != text || _time.GetElapsedTime(last.At, now) >= repeat;
                if (raise)
                {
                    state.LastNotification = (now, text);
                }
            }

            if (raise)
            {
                Raise(session, SessionAttentionReason.Notification, text, replaceSameReason: true);
            }
        }

        if (signals.Bell)
        {
            bool raise;
            lock (state.Lock)
            {
                raise = state.LastBell is not { } last || _time.GetElapsedTime(last, now) >= repeat;
                if (raise)
                {
                    state.LastBell = now;
                }
            }

            if (raise)
            {
                Raise(session, SessionAttentionReason.Bell, null, replaceSameReason: false);
            }
        }
    }

    /// <summary>One pass over every running session; passes never overlap.</summary>
    private void Poll()
    {
        if (Interlocked.Exchange(ref _polling, 1) != 0)
        {
            return;
        }

        try
        {
            foreach (var session in _sessions.Values)
            {
                if (session.IsRunning && session.Attention is not null && session.Process is not null)
                {
                    PollOne(session);
                }
            }
        }
#pragma warning disable CA1031 // A failed look at /proc must not stop the timer for every other session.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.AttentionPollFailed(_logger, ex);
        }
        finally
        {
            Interlocked.Increment(ref _passes);
            Volatile.Write(ref _polling, 0);
        }
    }

    private void PollOne(Session session)
    {
        var state = session.Attention!;
        var process = session.Process!;
        var now = _time.GetTimestamp();
        var options = Options.Attention;
        if (options.InputAfter > TimeSpan.Zero && process.ForegroundProcessGroup is { } group)
        {
            var reading = TerminalReaders.AnyWaiting(process.ProcessId, group, process.TerminalPath);
            var raise = false;
            lock (state.Lock)
            {
                if (!reading)
                {
                    state.ReadingSince = null;
                    state.InputRaised = false;
                }
                else if (state.ReadingSince is not { } since)
                {
                    state.ReadingSince = now;
                }
                else if (!state.InputRaised && _time.GetElapsedTime(since, now) >= options.InputAfter)
                {
                    state.InputRaised = raise = true;
                }
            }

            if (raise)
            {
                Raise(session, SessionAttentionReason.Input, Prompt(session), replaceSameReason: false);
            }
        }

        if (options.IdleAfter > TimeSpan.Zero)
        {
            var lastOutput = session.Output.LastAppendTimestamp;
            var raise = false;
            lock (state.Lock)
            {
                if (lastOutput > state.LastInput && lastOutput != state.IdleRaisedFor && _time.GetElapsedTime(lastOutput, now) >= options.IdleAfter)
                {
                    state.IdleRaisedFor = lastOutput;
                    raise = true;
                }
            }

            if (raise)
            {
                Raise(session, SessionAttentionReason.Idle, Prompt(session), replaceSameReason: false);
            }
        }
    }

    /// <summary>
    /// Sets the session's attention and publishes it. An attention of the same reason already set is kept (one
    /// attention for a bell loop) unless <paramref name="replaceSameReason"/>; <c>idle</c> does not replace
    /// <c>input</c> (the program still waits); nothing replaces <c>exited</c>.
    /// </summary>
    private void Raise(Session session, SessionAttentionReason reason, string? message, bool replaceSameReason)
    {
        var since = _time.GetUtcNow();
        var raised = false;
        var info = session.Mutate(current =>
        {
            if (current.Attention is { } active
                && (active.Reason == SessionAttentionReason.Exited
                    || (active.Reason == reason && !replaceSameReason)
                    || (reason == SessionAttentionReason.Idle && active.Reason == SessionAttentionReason.Input)))
            {
                return current;
            }

            raised = true;
            return current with { Attention = new SessionAttention(reason, message, since) };
        });

        if (raised)
        {
            Log.AttentionRaised(_logger, info.Id, reason);
            _events.Publish(new SessionAttentionEvent(info.Id, reason, message, since, info.Kind));
        }
    }

    private void ClearAttention(Session session)
    {
        if (session.Info.Attention is null)
        {
            return;
        }

        var cleared = false;
        var info = session.Mutate(current =>
        {
            cleared = current.Attention is not null;
            return current with { Attention = null };
        });

        if (cleared)
        {
            _events.Publish(new SessionUpdatedEvent(info));
        }
    }

    /// <summary>The prompt the program shows: the cursor's line, else the nearest non-empty line above it; trimmed and bounded.</summary>
    private string? Prompt(Session session)
    {
        if (session.Terminal is not { IsCompletedSuccessfully: true } terminal)
        {
            return null;
        }

        var text = terminal.Result.GetText(0).Text;
        for (var row = Math.Min(text.CursorY, text.Lines.Count - 1); row >= 0; row--)
        {
            var line = text.Lines[row].Trim();
            if (line.Length > 0)
            {
                return Bound(line);
            }
        }

        return null;
    }

    /// <summary>How the session ended, in words, for an <c>exited</c> attention.</summary>
    private static string EndMessage(SessionInfo info) => info.Status switch
    {
        SessionStatus.Exited => $"Exited with code {info.ExitCode}.",
        _ => info.Reason ?? $"Ended ({info.Status}).",
    };

    private string Bound(string text)
    {
        var max = Options.Attention.MaxMessageLength;
        return text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
    }
}
