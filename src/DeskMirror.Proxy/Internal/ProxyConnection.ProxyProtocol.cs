using System.Net;
using DeskMirror.Proxy.ProxyProtocol;

namespace DeskMirror.Proxy.Internal;

internal sealed partial class ProxyConnection
{
    /// <summary>
    /// The PROXY v2 header for this client, sent upstream before any client byte. It goes at once, not with the
    /// client's first data, so a server that speaks first (and waits for the header before it does) is not kept waiting.
    /// </summary>
    private byte[] ProxyHeader()
    {
        var source = Remote ?? new IPEndPoint(IPAddress.IPv6None, 0);
        var destination = (IPEndPoint)_client.LocalEndPoint!;
        var header = new byte[ProxyProtocolV2.GetHeaderLength(source, destination, tlvLength: 0)];
        ProxyProtocolV2.WriteHeader(header, source, destination);
        return header;
    }
}
