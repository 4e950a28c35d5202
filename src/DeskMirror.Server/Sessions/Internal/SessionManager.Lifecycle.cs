using DeskMirror.Pty;
using DeskMirror.Server.Events;
using Microsoft.Extensions.Hosting;

namespace DeskMirror.Server.Sessions.Internal;

internal sealed partial class SessionManager : IHostedService, IAsyncDisposable
{
    private const string InterruptedReason = "The server stopped unexpectedly while this session was running.";
    private const string ServerStoppedReason = "The server stopped.";
    private const string UserStoppedReason = "Stopped by a user.";

    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private bool _loaded;
    private int _stoppedAll;

    /// <summary>Loads earlier sessions; a session still marked running was interrupted by a crash and becomes failed.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _loadLock.WaitAsync(cancellationToken);
        try
        {
            if (_loaded)
            {
                return;
            }

            foreach (var stored in await _store.ListAsync(cancellationToken))
            {
                var info = stored;
                if (info.Status == SessionStatus.Running)
                {
                    Log.MarkedInterrupted(_logger, info.Id);
                    info = info with { Status = SessionStatus.Failed, Reason = InterruptedReason, EndedAt = _time.GetUtcNow() };
                    await _store.UpdateEndAsync(info, cancellationToken);
                }

                var session = new Session(info, SessionOutput.OpenEnded(LogPath(info.Id)));
                session.Ended.TrySetResult();
                _sessions.TryAdd(info.Id, session);
            }

            _loaded = true;
        }
        finally
        {
            _loadLock.Release();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => StopAllAsync(ServerStoppedReason);

    public async ValueTask DisposeAsync()
    {
        await StopAllAsync(ServerStoppedReason);
        await _shutdown.CancelAsync();
        if (_attentionTimer is { } timer)
        {
            await timer.DisposeAsync();
        }

        _loadLock.Dispose();
    }

    public async Task<SessionError?> WriteInputAsync(string id, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        if (!_sessions.TryGetValue(id, out var session))
        {
            return SessionError.NotFound(id);
        }

        var ended = new SessionError(SessionErrorKind.Ended, "The session has ended; it takes no more input.");
        if (session.Process is not { } process || !session.IsRunning)
        {
            return ended;
        }

        try
        {
            await process.WriteAsync(data, cancellationToken);
            NoteInput(session);
            return null;
        }
        catch (ObjectDisposedException)
        {
            return ended;
        }
    }

    public SessionError? Resize(string id, int cols, int rows)
    {
        if (CheckDimensions(cols, rows) is { } invalid)
        {
            return invalid;
        }

        if (!_sessions.TryGetValue(id, out var session))
        {
            return SessionError.NotFound(id);
        }

        var ended = new SessionError(SessionErrorKind.Ended, "The session has ended; it cannot be resized.");
        if (session.Process is not { } process || !session.IsRunning)
        {
            return ended;
        }

        lock (session.SizeLock)
        {
            var info = session.Info;
            if (info.Cols == cols && info.Rows == rows)
            {
                return null;
            }

            try
            {
                // The output's length before the ioctl: what the program draws for the new size comes after it.
                var at = session.Output.Length;
                if (session.Terminal is { IsCompletedSuccessfully: true } terminal)
                {
                    terminal.Result.Resize(at, cols, rows);
                }

                session.Output.Timeline?.RecordResize(at, cols, rows);
                process.Resize(cols, rows);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or PtyStartException)
            {
                return ended;
            }

            session.Mutate(current => current with { Cols = cols, Rows = rows });
            _events.Publish(new SessionResizedEvent(info.Id, cols, rows, info.Kind));
            session.SizeWrite = PersistSizeAsync(session);
        }

        return null;
    }

    /// <summary>Writes the session's current size; one write at a time per session, so the last one written is the newest.</summary>
    private async Task PersistSizeAsync(Session session)
    {
        await session.PersistLock.WaitAsync();
        try
        {
            var info = session.Info;
            await _store.UpdateSizeAsync(info.Id, info.Cols, info.Rows, CancellationToken.None);
        }
#pragma warning disable CA1031 // The size in memory is right either way; a failed write is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.PersistFailed(_logger, ex, session.Info.Id);
        }
        finally
        {
            session.PersistLock.Release();
        }
    }

    public async Task<SessionResult<SessionInfo>> StopAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!_sessions.TryGetValue(id, out var session))
        {
            return new(SessionError.NotFound(id));
        }

        await StopSessionAsync(session, UserStoppedReason).WaitAsync(cancellationToken);
        return new(session.Info);
    }

    public async Task<SessionError?> RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!_sessions.TryGetValue(id, out var session))
        {
            return SessionError.NotFound(id);
        }

        if (session.IsRunning)
        {
            return new SessionError(SessionErrorKind.Running, "The session is still running; stop it before removing it.");
        }

        await session.Ended.Task.WaitAsync(cancellationToken);
        if (!_sessions.TryRemove(id, out _))
        {
            return SessionError.NotFound(id);
        }

        await _store.DeleteAsync(id, cancellationToken);
        session.Output.Dispose();
        lock (session)
        {
            session.Terminal = null;
        }

        try
        {
            File.Delete(session.Output.LogPath);
            File.Delete(SessionTimeline.PathFor(session.Output.LogPath));
        }
        catch (IOException ex)
        {
            Log.LogDeleteFailed(_logger, ex, id);
        }

        _events.Publish(new SessionRemovedEvent(session.Info.Id, session.Info.ProjectId, session.Info.Kind));
        return null;
    }

    private async Task StopSessionAsync(Session session, string reason)
    {
        if (session.Process is { } process && session.IsRunning)
        {
            lock (session)
            {
                session.StopReason ??= reason;
            }

            await process.StopAsync(Options.StopGrace);
        }

        await session.Ended.Task;
    }

    private async Task StopAllAsync(string reason)
    {
        if (Interlocked.Exchange(ref _stoppedAll, 1) != 0)
        {
            return;
        }

        var running = _sessions.Values.Where(s => s.IsRunning).ToList();
        if (running.Count > 0)
        {
            Log.StoppingAll(_logger, running.Count, reason);
        }

        await Task.WhenAll(running.Select(s => StopSessionAsync(s, reason)));
        await Task.WhenAll(_sessions.Values.Select(s => s.SizeWrite));
    }

    private async Task MonitorAsync(Session session)
    {
        var status = await session.Process!.Exited;
        await session.Process.DisposeAsync();
        await FinishAsync(session, Ended(session, status), publishUpdate: true);
    }

    private SessionInfo Ended(Session session, PtyExitStatus status)
    {
        var info = session.Info with { EndedAt = _time.GetUtcNow() };

        // A death by signal is also recorded as 128 + signal, the shell's convention for $?.
        var code = status.ExitCode ?? (status.Signal is { } signal ? 128 + signal : null);
        string? stopReason;
        lock (session)
        {
            stopReason = session.StopReason;
        }

        if (stopReason is not null)
        {
            return info with { Status = SessionStatus.Stopped, ExitCode = code, Reason = stopReason };
        }

        if (status.Signal is { } killer)
        {
            return info with { Status = SessionStatus.Failed, ExitCode = code, Reason = $"Killed by signal {killer}{SignalName(killer)}." };
        }

        if (status.ExitCode is null)
        {
            return info with { Status = SessionStatus.Failed, Reason = "The exit status was lost: another process reaped the child." };
        }

        return (info.Kind, status.ExitCode) switch
        {
            (SessionKind.Task, 127) => info with { Status = SessionStatus.Failed, ExitCode = 127, Reason = "Command not found (the shell exited with code 127)." },
            (SessionKind.Task, 126) => info with { Status = SessionStatus.Failed, ExitCode = 126, Reason = "The command could not be executed (the shell exited with code 126)." },
            _ => info with { Status = SessionStatus.Exited, ExitCode = status.ExitCode },
        };
    }

    private static string SignalName(int signal) => signal switch
    {
        1 => " (SIGHUP)",
        2 => " (SIGINT)",
        3 => " (SIGQUIT)",
        6 => " (SIGABRT)",
        9 => " (SIGKILL)",
        11 => " (SIGSEGV)",
        13 => " (SIGPIPE)",
        15 => " (SIGTERM)",
        _ => string.Empty,
    };

    private async Task FinishAsync(Session session, SessionInfo info, bool publishUpdate)
    {
        session.Output.Complete();
        if (session.Terminal is not null)
        {
            KeepEndedScreen(session);
        }

        if (session.Output.LogFailure is { } failure)
        {
            Log.LogWriteFailed(_logger, failure, info.Id);
        }

        info = session.Mutate(current => current with { Status = info.Status, ExitCode = info.ExitCode, Reason = info.Reason, EndedAt = info.EndedAt });
        Log.Ended(_logger, info.Id, info.Status, info.ExitCode);
        try
        {
            await _store.UpdateEndAsync(info, CancellationToken.None);
        }
#pragma warning disable CA1031 // The session ended either way; a failed write is logged and the in-memory state stays right.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.PersistFailed(_logger, ex, info.Id);
        }

        if (publishUpdate)
        {
            _events.Publish(new SessionUpdatedEvent(info));

            // Stopping is a person's own doing (or the server's); anything else ending the session is news.
            if (info.Status != SessionStatus.Stopped)
            {
                Raise(session, SessionAttentionReason.Exited, Bound(EndMessage(info)), replaceSameReason: false);
            }
        }

        session.Ended.TrySetResult();
    }
}
