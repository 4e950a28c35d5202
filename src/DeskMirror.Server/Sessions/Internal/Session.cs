using DeskMirror.Pty;

namespace DeskMirror.Server.Sessions.Internal;

/// <summary>One session at run time: its current info, its output, and its process while it runs.</summary>
internal sealed class Session(SessionInfo info, SessionOutput output)
{
    private SessionInfo _info = info;

    public SessionInfo Info => Volatile.Read(ref _info);

    public SessionOutput Output { get; } = output;

    public PtyProcess? Process { get; set; }

    /// <summary>Set when a user or the server's shutdown asked the session to stop; becomes the reason.</summary>
    public string? StopReason { get; set; }

    /// <summary>Completes once the final status is recorded (immediately for a restored session).</summary>
    public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsRunning => Info.Status == SessionStatus.Running;

    public void Update(SessionInfo info) => Volatile.Write(ref _info, info);
}
