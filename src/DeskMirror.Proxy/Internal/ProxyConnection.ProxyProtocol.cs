using System.Net;
using System.Net.Sockets;
using DeskMirror.Proxy.ProxyProtocol;

namespace DeskMirror.Proxy.Internal;

internal sealed partial class ProxyConnection
{
    /// <summary>
    /// Sends the PROXY v2 header before any client byte. It goes at once, not with the client's first data,
    /// so a server that speaks first (and waits for the header before it does) is not kept waiting.
    /// False when the connection failed meanwhile.
    /// </summary>
    private async ValueTask<bool> SendProxyHeaderAsync(Socket upstream)
    {
        try
        {
            var source = Remote ?? throw new SocketException((int)SocketError.NotConnected);
            var destination = (IPEndPoint)_client.LocalEndPoint!;
            var header = new byte[ProxyProtocolV2.GetHeaderLength(source, destination, tlvLength: 0)];
            ProxyProtocolV2.WriteHeader(header, source, destination);
            var sent = 0;
            while (sent < header.Length)
            {
                sent += await upstream.SendAsync(header.AsMemory(sent), SocketFlags.None);
            }

            return true;
        }
        catch (Exception e)
        {
            Fail(e);
            return false;
        }
    }
}
