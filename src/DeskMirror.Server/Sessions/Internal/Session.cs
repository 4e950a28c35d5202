using DeskMirror.Pty;

namespace DeskMirror.Server.Sessions.Internal;

/// <summary>One session at run time: its current info, its output, its screen, and its process while it runs.</summary>
internal sealed class Session(SessionInfo info, SessionOutput output)
{
    private readonly Lock _infoLock = new();
    private SessionInfo _info = info;

    public SessionInfo Info => Volatile.Read(ref _info);

    public SessionOutput Output { get; } = output;

    /// <summary>
    /// The server's copy of the screen: set at start for a live session; for an ended one built from the log when
    /// first asked for, and let go again when more recently ended screens push it out.
    /// </summary>
    public Task<SessionTerminal>? Terminal { get; set; }

    public PtyProcess? Process { get; set; }

    /// <summary>Set when a user or the server's shutdown asked the session to stop; becomes the reason.</summary>
    public string? StopReason { get; set; }

    /// <summary>Serializes resizes, so the PTY, the screen, the info and the event agree on their order.</summary>
    public Lock SizeLock { get; } = new();

    /// <summary>One size write to the database at a time, so the last one written is the newest.</summary>
    public SemaphoreSlim PersistLock { get; } = new(1, 1);

    /// <summary>The newest size write; it waits behind older ones, so awaiting it awaits them all.</summary>
    public Task SizeWrite { get; set; } = Task.CompletedTask;

    /// <summary>Attention detection state; null for a session that never ran in this process.</summary>
    public AttentionState? Attention { get; set; }

    /// <summary>Completes once the final status is recorded (immediately for a restored session).</summary>
    public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsRunning => Info.Status == SessionStatus.Running;

    public void Update(SessionInfo info) => Mutate(_ => info);

    /// <summary>Applies a change to the newest info atomically (resizes, the end and attention change it from different threads).</summary>
    public SessionInfo Mutate(Func<SessionInfo, SessionInfo> change)
    {
        lock (_infoLock)
        {
            var next = change(_info);
            Volatile.Write(ref _info, next);
            return next;
        }
    }
}
