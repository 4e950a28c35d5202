namespace DeskMirror.Server.Sessions.Internal;

/// <summary>
/// A viewer's place in <see cref="SessionOutput"/>'s lag watch. <see cref="PendingSince"/> is the output length
/// when the viewer's current send began (-1 between sends): if that much more output arrives before the send
/// completes, the viewer is not reading and is dropped.
/// </summary>
internal sealed class ViewerLease(SessionOutput output, Action drop) : IDisposable
{
    private long _pendingSince = -1;
    private long _sent;

    public long PendingSince => Interlocked.Read(ref _pendingSince);

    public void BeginSend() => Interlocked.Exchange(ref _pendingSince, output.Length);

    /// <summary>Bytes of binary frames sent to this viewer.</summary>
    public long SentBytes => Interlocked.Read(ref _sent);

    public void EndSend(int bytes)
    {
        Interlocked.Exchange(ref _pendingSince, -1);
        Interlocked.Add(ref _sent, bytes);
    }

    public void Drop() => drop();

    public void Dispose() => output.RemoveViewer(this);
}
