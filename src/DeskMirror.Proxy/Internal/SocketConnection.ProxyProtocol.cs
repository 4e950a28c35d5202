using System.Net;
using System.Security.Authentication;
using System.Text;
using DeskMirror.Proxy.ProxyProtocol;

namespace DeskMirror.Proxy.Internal;

internal sealed partial class SocketConnection
{
    /// <summary>Room for the TLVs of a TLS connection: ALPN (≤ 255), the server name (≤ 253), SSL with its version, and their headers.</summary>
    private const int MaxTlvBytes = 600;

    /// <summary>
    /// The PROXY v2 header for this client, sent upstream before any client byte. It goes at once, not with the
    /// client's first data, so a server that speaks first (and waits for the header before it does) is not kept waiting.
    /// For a TLS client it also carries PP2_TYPE_ALPN (the protocol spoken inside TLS), PP2_TYPE_AUTHORITY (the name
    /// the client asked for, when it sent one) and PP2_TYPE_SSL with PP2_CLIENT_SSL, verify 0 (no client certificate
    /// is asked for) and the TLS version.
    /// </summary>
    private byte[] ProxyHeader()
    {
        Span<byte> tlvs = stackalloc byte[MaxTlvBytes];
        var tlvLength = _tls is { } tls ? WriteTlsTlvs(tlvs, tls.NegotiatedApplicationProtocol.Protocol.Span, tls.SslProtocol, _serverName) : 0;
        return ProxyHeader((IPEndPoint)_client.LocalEndPoint!, tlvs[..tlvLength]);
    }

    private static int WriteTlsTlvs(Span<byte> tlvs, ReadOnlySpan<byte> alpn, SslProtocols version, string? serverName)
    {
        // A client that offered no ALPN speaks HTTP/1.1 all the same: it is the only protocol served inside TLS.
        var length = ProxyProtocolV2.WriteTlv(tlvs, ProxyProtocolTlvType.Alpn, alpn.IsEmpty ? TlsTermination.Protocol.Protocol.Span : alpn);
        if (serverName is not null)
        {
            Span<byte> name = stackalloc byte[serverName.Length];
            Encoding.ASCII.GetBytes(serverName, name);
            length += ProxyProtocolV2.WriteTlv(tlvs[length..], ProxyProtocolTlvType.Authority, name);
        }

        Span<byte> sub = stackalloc byte[16];
        var subLength = ProxyProtocolV2.WriteTlv(sub, ProxyProtocolTlvType.SslVersion, version == SslProtocols.Tls13 ? "TLSv1.3"u8 : "TLSv1.2"u8);
        length += ProxyProtocolV2.WriteSslTlv(tlvs[length..], ProxyProtocolSslClient.Ssl, verify: 0, sub[..subLength]);
        return length;
    }
}
