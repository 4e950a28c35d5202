using System.Net.WebSockets;

namespace DeskMirror.Server.Sessions;

/// <summary>
/// The one front door to sessions, for the HTTP API and the UI alike. Expected failures (unknown session,
/// ended, still running, too many running, invalid request, no PTY on this OS) come back as
/// <see cref="SessionError"/>, never as exceptions. It does not know modes: callers ask
/// <see cref="Modes.MirrorPolicy"/> before acting for a mirror.
/// </summary>
public interface ISessionManager
{
    /// <summary>Every session, oldest first.</summary>
    IReadOnlyList<SessionInfo> List();

    /// <summary>The session's current info, or null when unknown.</summary>
    SessionInfo? Find(string id);

    /// <summary>Starts a session; a command that cannot run still creates a session, <c>failed</c> with the reason.</summary>
    Task<SessionResult<SessionInfo>> CreateAsync(CreateSessionRequest request, CancellationToken cancellationToken = default);

    /// <summary>Types <paramref name="data"/> into the session; null when done.</summary>
    Task<SessionError?> WriteInputAsync(string id, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>Resizes the session's terminal (1–<see cref="SessionOptions.MaxDimension"/> each); null when done.</summary>
    SessionError? Resize(string id, int cols, int rows);

    /// <summary>Stops the session's process group (SIGHUP, grace, SIGKILL) and returns its info once it has ended.</summary>
    Task<SessionResult<SessionInfo>> StopAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Removes an ended session and its log; null when done.</summary>
    Task<SessionError?> RemoveAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>A reader of the session's output; dispose it.</summary>
    SessionResult<SessionOutputReader> OpenOutput(string id);

    /// <summary>
    /// Serves a live viewer on an accepted WebSocket: binary frames of output from <paramref name="from"/> (not
    /// beyond the output's length), then live output, until the session's output is complete (close 1000), the
    /// client leaves, or it falls too far behind (aborted; it may reconnect with its offset). Client messages are
    /// typed into the session when <paramref name="acceptInput"/>, else the socket closes with 1008. Returns
    /// once the viewer is gone; an error only when the session is unknown, before anything is sent.
    /// </summary>
    Task<SessionError?> StreamAsync(string id, WebSocket socket, long from, bool acceptInput, CancellationToken cancellationToken = default);

    /// <summary>
    /// Serves a viewer as <paramref name="request"/> asks: framed (a snapshot or the offset output resumes at first, then
    /// output, with text control frames; optionally credit-based) or raw (as the other overload). Errors: unknown
    /// session, or a <see cref="SessionStreamRequest.From"/> beyond the output's length; both before anything is sent.
    /// </summary>
    Task<SessionError?> StreamAsync(string id, WebSocket socket, SessionStreamRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// The session's screen as text, with up to <paramref name="scrollback"/> lines above it (0 to
    /// <see cref="SessionOptions.ScreenScrollbackLines"/>), caught up with the output (waiting at most
    /// <see cref="SessionOptions.ScreenCatchUpTimeout"/>).
    /// </summary>
    Task<SessionResult<SessionScreen>> GetScreenAsync(string id, int scrollback = 0, CancellationToken cancellationToken = default);

    /// <summary>A person has seen the session: its attention, if any, clears (<c>session.updated</c>); null when done.</summary>
    SessionError? MarkSeen(string id);

    /// <summary>Writes the whole session as an asciinema v2 recording to <paramref name="destination"/>; null when done.</summary>
    Task<SessionError?> WriteRecordingAsync(string id, Stream destination, CancellationToken cancellationToken = default);
}
