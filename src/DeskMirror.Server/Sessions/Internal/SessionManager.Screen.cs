using System.Collections.Concurrent;

namespace DeskMirror.Server.Sessions.Internal;

internal sealed partial class SessionManager
{
    private readonly ConcurrentQueue<Session> _endedScreens = new();
    private readonly CancellationTokenSource _shutdown = new();

    public async Task<SessionResult<SessionScreen>> GetScreenAsync(string id, int scrollback = 0, CancellationToken cancellationToken = default)
    {
        if (!_sessions.TryGetValue(id, out var session))
        {
            return new(SessionError.NotFound(id));
        }

        if (scrollback < 0 || scrollback > Options.ScreenScrollbackLines)
        {
            return new(SessionError.Invalid($"scrollback must be a whole number of lines between 0 and {Options.ScreenScrollbackLines}."));
        }

        var terminal = await TerminalOfAsync(session, cancellationToken);
        try
        {
            // Bounded: a session printing faster than the screen parses gets the newest screen there is.
            await terminal.WaitForOffsetAsync(session.Output.Length, cancellationToken).WaitAsync(Options.ScreenCatchUpTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
        }

        var (text, offset) = terminal.GetText(scrollback);
        return new(new SessionScreen(
            text.Cols,
            text.Rows,
            new ScreenCursor(Math.Min(text.CursorX, text.Cols - 1), text.CursorY),
            text.Title,
            text.Alternate,
            [.. text.Scrollback, .. text.Lines],
            text.Scrollback.Count,
            offset));
    }

    public async Task<SessionError?> WriteRecordingAsync(string id, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!_sessions.TryGetValue(id, out var session))
        {
            return SessionError.NotFound(id);
        }

        using var reader = new SessionOutputReader(session.Output);
        await CastWriter.WriteAsync(destination, session.Info, reader, SessionTimeline.Read(session.Output.LogPath), cancellationToken);
        return null;
    }

    /// <summary>The session's screen: the live one, or one rebuilt from the end of the log (kept among the newest ended screens).</summary>
    internal Task<SessionTerminal> TerminalOfAsync(Session session, CancellationToken cancellationToken)
    {
        lock (session)
        {
            if (session.Terminal is { } existing && !existing.IsFaulted)
            {
                return existing.WaitAsync(cancellationToken);
            }

            var sizes = SessionTimeline.Read(session.Output.LogPath)
                .Where(e => e.IsResize)
                .Select(e => new ResizePoint(e.Offset, e.Cols, e.Rows))
                .ToList();
            var info = session.Info;
            if (sizes.Count == 0 || sizes[^1].Cols != info.Cols || sizes[^1].Rows != info.Rows)
            {
                sizes.Add(new ResizePoint(sizes.Count == 0 ? 0 : session.Output.Length, info.Cols, info.Rows));
            }

            var rebuilt = Task.Run(() => SessionTerminal.RebuildAsync(session.Output, sizes, Options.ScreenRebuildBytes, Options.ScreenScrollbackLines), CancellationToken.None);
            if (session.IsRunning)
            {
                // Not followed (FollowScreen off): a fresh rebuild each time, never kept.
                return rebuilt.WaitAsync(cancellationToken);
            }

            session.Terminal = rebuilt;
            KeepEndedScreen(session);
            return rebuilt.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Keeps the screen of an ended session; the oldest kept beyond <see cref="SessionOptions.MaxEndedScreens"/> is let go.</summary>
    private void KeepEndedScreen(Session session)
    {
        _endedScreens.Enqueue(session);
        while (_endedScreens.Count > Options.MaxEndedScreens && _endedScreens.TryDequeue(out var oldest))
        {
            if (!oldest.IsRunning && !ReferenceEquals(oldest, session))
            {
                lock (oldest)
                {
                    oldest.Terminal = null;
                }
            }
        }
    }

    /// <summary>Runs a live session's screen until its output is complete; a failure is logged, the session goes on.</summary>
    private async Task FollowAsync(SessionTerminal terminal, string id)
    {
        try
        {
            await Task.Run(() => terminal.RunAsync(_shutdown.Token), CancellationToken.None);
        }
#pragma warning disable CA1031 // The screen is a view of the output: its failure must never end the session.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.ScreenFailed(_logger, ex, id);
        }
    }
}
