using System.Net;
using DeskMirror.Proxy.Internal;

namespace DeskMirror.Proxy.Tests.Internal;

/// <summary>The event loops read a client's address from the socket address accept4(2) writes; .NET serializes to the same layout on Linux.</summary>
public sealed class EpollListenerTests
{
    [Theory]
    [InlineData("127.0.0.2", 50123)]
    [InlineData("::1", 443)]
    [InlineData("::ffff:192.168.1.20", 4096)]
    [InlineData("fe80::1%3", 8080)]
    public void EndPointOf_KernelSocketAddress_IsTheEndPoint(string address, int port)
    {
        var endpoint = new IPEndPoint(IPAddress.Parse(address), port);
        var bytes = endpoint.Serialize().Buffer.ToArray();

        Assert.Equal(endpoint, EpollListener.EndPointOf(bytes));
    }

    [Fact]
    public void EndPointOf_TooShortOrAnotherFamily_IsNull()
    {
        var v6 = new IPEndPoint(IPAddress.IPv6Loopback, 1).Serialize().Buffer.ToArray();
        byte[] unix = [1, 0, (byte)'/', (byte)'t', (byte)'m', (byte)'p'];

        Assert.Null(EpollListener.EndPointOf([]));
        Assert.Null(EpollListener.EndPointOf(v6.AsSpan(0, 20)));
        Assert.Null(EpollListener.EndPointOf(unix));
    }
}
