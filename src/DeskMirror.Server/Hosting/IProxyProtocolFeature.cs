using System.Net;

namespace DeskMirror.Server.Hosting;

/// <summary>
/// What the PROXY protocol v2 header of a mirror connection said (<see cref="AppServerOptions.MirrorProxyProtocol"/>).
/// A connection feature: <c>HttpContext.Features.Get&lt;IProxyProtocolFeature&gt;()</c> on every request of that connection.
/// </summary>
public interface IProxyProtocolFeature
{
    /// <summary>The device: the address and port the proxy accepted the connection from. Also the request's <c>RemoteIpAddress</c>/<c>RemotePort</c>.</summary>
    IPEndPoint Source { get; }

    /// <summary>The address and port the device connected to (the proxy's own side).</summary>
    IPEndPoint Destination { get; }

    /// <summary>
    /// The proxy terminated TLS for this connection (<c>PP2_TYPE_SSL</c> with <c>PP2_CLIENT_SSL</c>): requests on it
    /// see <c>Request.Scheme == "https"</c> and <c>IsHttps</c>.
    /// </summary>
    bool IsTls { get; }

    /// <summary>
    /// The application protocol the proxy agreed with the device in the TLS handshake (<c>PP2_TYPE_ALPN</c>, e.g.
    /// <c>h2</c> or <c>http/1.1</c>), when it sent one. With <see cref="IsTls"/>, <c>h2</c> makes the connection HTTP/2.
    /// </summary>
    string? ApplicationProtocol { get; }

    /// <summary>The host name the device asked for (<c>PP2_TYPE_AUTHORITY</c>, the TLS SNI), when the proxy sent one.</summary>
    string? Authority { get; }
}
