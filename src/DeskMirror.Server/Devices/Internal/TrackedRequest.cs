using Microsoft.AspNetCore.Http;

namespace DeskMirror.Server.Devices.Internal;

/// <summary>
/// A request of a device's sign-in while it runs, so that ending the sign-in can abort it. It counts as one of the
/// device's open connections once it is a stream: a WebSocket from its handshake, an event stream from its first byte.
/// </summary>
internal sealed class TrackedRequest : IDisposable
{
    private readonly SignInConnections _owner;
    private int _disposed;

    internal TrackedRequest(SignInConnections owner, string signInId, HttpContext context)
    {
        _owner = owner;
        SignInId = signInId;
        Context = context;
    }

    public string SignInId { get; }

    public HttpContext Context { get; }

    /// <summary>Whether it counts as an open connection; changed only under its sign-in's lock.</summary>
    public bool IsStream { get; internal set; }

    /// <summary>Counts the request as an open connection from now on; once.</summary>
    public void MarkStream() => _owner.MarkStream(this);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _owner.Untrack(this);
        }
    }
}
