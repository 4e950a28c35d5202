using System.Net.Security;

namespace DeskMirror.Proxy;

/// <summary>
/// Where a TLS listener gets the certificate it presents. The value may change while the listener runs (a
/// certificate re-issued for new addresses or before it expires), so read <see cref="Current"/> at each handshake
/// rather than once at start; <see cref="Changed"/> says when it did, for a listener that caches or logs it.
/// </summary>
public interface IServerCertificateSource
{
    /// <summary>The server certificate with its private key, and the chain to send with it.</summary>
    SslStreamCertificateContext Current { get; }

    /// <summary>Raised after <see cref="Current"/> has been replaced.</summary>
    event EventHandler? Changed;
}
