using System.Net.Sockets;
using System.Security.Cryptography;
using DeskMirror.Proxy.Tests.Infrastructure;

namespace DeskMirror.Proxy.Tests;

public sealed class BulkTransferTests
{
    private const int Size = 256 * 1024 * 1024;
    private const int Chunk = 64 * 1024;

    [Fact]
    public async Task Proxy_256MiBEachWayAtOnce_BothArriveIntact()
    {
        var serverReceived = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var serverSent = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = new TcpTestServer(async socket =>
        {
            var send = SendRandomAsync(socket, seed: 2);
            serverReceived.SetResult(await ReceiveHashAsync(socket));
            serverSent.SetResult(await send);
        });
        await using var proxy = await ProxyUnderTest.StartAsync(upstream.EndPoint);
        using var client = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);

        var clientSend = SendRandomAsync(client, seed: 1);
        var clientReceived = await ReceiveHashAsync(client).TimeoutAfter(TimeSpan.FromSeconds(90), "client receiving 256 MiB");
        var clientSent = await clientSend.TimeoutAfter(TimeSpan.FromSeconds(90), "client sending 256 MiB");

        Assert.Equal(clientSent, await serverReceived.Task.DefaultTimeout("server hash"));
        Assert.Equal(await serverSent.Task.DefaultTimeout("server sent hash"), clientReceived);
        var counters = proxy.Counters;
        Assert.Equal(Size, counters.BytesToUpstream);
        Assert.Equal(Size, counters.BytesToClient);
    }

    private static async Task<byte[]> SendRandomAsync(Socket socket, int seed)
    {
        var random = new Random(seed);
        var buffer = new byte[Chunk];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var sent = 0; sent < Size; sent += Chunk)
        {
            random.NextBytes(buffer);
            hash.AppendData(buffer);
            await socket.SendAsync(buffer, SocketFlags.None);
        }

        socket.Shutdown(SocketShutdown.Send);
        return hash.GetHashAndReset();
    }

    private static async Task<byte[]> ReceiveHashAsync(Socket socket)
    {
        var buffer = new byte[Chunk];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
        }

        Assert.Equal(Size, total);
        return hash.GetHashAndReset();
    }
}
