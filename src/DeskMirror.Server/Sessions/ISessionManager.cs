namespace DeskMirror.Server.Sessions;

/// <summary>Sessions under a PTY. CONTRACT: the sessions issue implements it; the UI consumes it.</summary>
public interface ISessionManager
{
    IReadOnlyList<SessionInfo> List();

    SessionInfo? Find(string id);

    /// <summary>Starts a session; throws <see cref="ArgumentException"/> for a bad request.</summary>
    Task<SessionInfo> CreateAsync(CreateSessionRequest request, CancellationToken cancellationToken = default);

    Task WriteInputAsync(string id, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    void Resize(string id, int cols, int rows);

    Task StopAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Removes an ended session and its log; false when unknown.</summary>
    Task<bool> RemoveAsync(string id, CancellationToken cancellationToken = default);
}
