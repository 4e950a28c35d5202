using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using DeskMirror.Internal;
using DeskMirror.Tests.Infrastructure;

namespace DeskMirror.Tests.Commands;

/// <summary>
/// <c>deskmirror proxy</c> as a real child process under a low descriptor limit (<c>prlimit</c>), flooded with idle
/// connections, with <c>--proxy-protocol</c>, and on either engine.
/// </summary>
public sealed class ProxyHardeningTests : IDisposable
{
    private const int DescriptorLimit = 600;
    private static readonly IPAddress Flooder = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Bystander = IPAddress.Parse("127.0.0.3");
    private readonly TempFolder _home = new();
    private readonly List<Socket> _sockets = [];

    [Fact]
    public async Task Proxy_IdleFloodFromOneAddressUnderALowDescriptorLimit_StaysUpAndServesAnotherAddress()
    {
        await using var upstream = new HoldingEchoServer();
        // 600 descriptors: the limit derived from them is (600 − 300) / 3 = 100 connections. The per-address limit
        // is raised far above that, so only the descriptor-derived limit stands between the flood and EMFILE.
        using var proxy = StartUnderLimit("--upstream", upstream.EndPoint.ToString(), "--max-connections-per-address", "80");
        var address = await ListeningAddressAsync(proxy);

        var flood = await FloodAsync(Flooder, address, 1500);

        Assert.False(proxy.HasExited, proxy.Output);
        Assert.InRange(flood.Open, 1, 80);
        using var bystander = await ConnectAsync(Bystander, address);
        Assert.Equal("ping"u8.ToArray(), await RoundTripAsync(bystander, "ping"u8.ToArray()));
        Assert.Contains("limits: 100 connections (descriptor limit 600), 80 per address", proxy.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Out of memory", proxy.Output, StringComparison.Ordinal);

        proxy.Signal(LibC.SigTerm);
        Assert.Equal(0, await proxy.WaitForExitAsync("deskmirror proxy after the flood"));
        Assert.Matches("stopped: \\d+ accepted, 0 refused by the limit, 0 upstream failures, .*, [1-9]\\d* refused by the per-address limit", proxy.Output);
    }

    [Fact]
    public async Task Proxy_IdleFloodOverTheDescriptorBudget_NeverRunsTheProcessOutOfDescriptors()
    {
        await using var upstream = new HoldingEchoServer();
        using var proxy = StartUnderLimit("--upstream", upstream.EndPoint.ToString(), "--max-connections-per-address", "100000", "--max-connections", "100000");
        var address = await ListeningAddressAsync(proxy);

        await FloodAsync(Flooder, address, 1500);
        var descriptors = Directory.GetFiles($"/proc/{proxy.Id}/fd").Length;

        Assert.False(proxy.HasExited, proxy.Output);
        Assert.InRange(descriptors, 1, DescriptorLimit - 100);
        Assert.Contains("limits: 100 connections", proxy.Output, StringComparison.Ordinal);
        proxy.Signal(LibC.SigTerm);
        Assert.Equal(0, await proxy.WaitForExitAsync("deskmirror proxy after the flood"));
    }

    [Fact]
    public async Task Proxy_ProxyProtocolFlag_UpstreamReadsTheV2HeaderNamingTheClient()
    {
        using var upstream = new TcpListener(IPAddress.Loopback, 0);
        upstream.Start();
        var received = ReadAllAsync(upstream);
        using var proxy = DeskMirrorCli.Start(_home.Path, ["proxy", "--listen", "127.0.0.1:0", "--upstream", upstream.LocalEndpoint.ToString()!, "--proxy-protocol"]);
        var address = await ListeningAddressAsync(proxy);

        int clientPort;
        using (var client = await ConnectAsync(Bystander, address))
        {
            clientPort = ((IPEndPoint)client.LocalEndPoint!).Port;
            await client.SendAsync("GET /"u8.ToArray(), SocketFlags.None);
            client.Shutdown(SocketShutdown.Send);
        }

        var bytes = await received.DefaultTimeout("the upstream reading the connection");
        byte[] expected =
        [
            0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21, 0x11, 0x00, 0x0C,
            127, 0, 0, 3, 127, 0, 0, 1, .. Port(clientPort), .. Port(address.Port), .. "GET /"u8.ToArray(),
        ];
        Assert.Equal(expected, bytes);
        Assert.Contains("PROXY v2 header on", proxy.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("sockets", false)]
    public async Task Proxy_EitherEngine_ForwardsBothWaysAndTheHalfClose(string? engine, bool eventLoops)
    {
        await using var upstream = new HoldingEchoServer();
        using var proxy = DeskMirrorCli.Start(
            _home.Path,
            ["proxy", "--listen", "127.0.0.1:0", "--upstream", upstream.EndPoint.ToString()],
            new Dictionary<string, string?> { ["DESKMIRROR_PROXY_ENGINE"] = engine });
        var address = await ListeningAddressAsync(proxy);

        using var client = await ConnectAsync(Bystander, address);
        Assert.Equal("engine"u8.ToArray(), await RoundTripAsync(client, "engine"u8.ToArray()));
        client.Shutdown(SocketShutdown.Send);
        Assert.Equal(0, await client.ReceiveAsync(new byte[1], SocketFlags.None).DefaultTimeout("the upstream's half-close, forwarded"));

        // Plain TCP on Linux runs on the proxy's own event loops, one named thread each; the variable sends it to System.Net.Sockets.
        var threads = Directory.GetDirectories($"/proc/{proxy.Id}/task").Select(task => File.ReadAllText(Path.Combine(task, "comm")).Trim());
        Assert.Equal(eventLoops, threads.Any(name => name.StartsWith("DeskMirror io", StringComparison.Ordinal)));
        proxy.Signal(LibC.SigTerm);
        Assert.Equal(0, await proxy.WaitForExitAsync("deskmirror proxy"));
    }

    public void Dispose()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        _home.Dispose();
    }

    private static ChildProcess StartUnderLimit(params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        return ChildProcess.Start("prlimit", [$"--nofile={DescriptorLimit}:{DescriptorLimit}", dotnet, DeskMirrorCli.Dll, "proxy", "--listen", "127.0.0.1:0", .. args]);
    }

    private static async Task<IPEndPoint> ListeningAddressAsync(ChildProcess proxy)
    {
        var line = await proxy.WaitForLineAsync(l => l.StartsWith("listening on ", StringComparison.Ordinal), "the listening line");
        await proxy.WaitForLineAsync(l => l.StartsWith("limits: ", StringComparison.Ordinal), "the limits line");
        return IPEndPoint.Parse(line["listening on ".Length..]);
    }

    /// <summary>Opens <paramref name="count"/> idle connections from <paramref name="source"/>; returns how many the proxy kept open.</summary>
    private async Task<(int Open, int Closed)> FloodAsync(IPAddress source, IPEndPoint target, int count)
    {
        var connects = new List<Task<Socket?>>();
        for (var i = 0; i < count; i++)
        {
            connects.Add(TryConnectAsync(source, target));
        }

        var flood = (await Task.WhenAll(connects).DefaultTimeout("the flood's connects")).OfType<Socket>().ToList();
        _sockets.AddRange(flood);
        // A refused connection is closed at once; probe each with a one-byte echo: the kept ones answer.
        var probes = await Task.WhenAll(flood.Select(ProbeAsync)).DefaultTimeout("probing the flood's connections");
        return (probes.Count(open => open), probes.Count(open => !open));
    }

    private static async Task<bool> ProbeAsync(Socket socket)
    {
        try
        {
            await socket.SendAsync(new byte[] { 1 }, SocketFlags.None);
            var buffer = new byte[1];
            return await socket.ReceiveAsync(buffer, SocketFlags.None) == 1;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<Socket?> TryConnectAsync(IPAddress source, IPEndPoint target)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(target);
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }

    private async Task<Socket> ConnectAsync(IPAddress source, IPEndPoint target)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _sockets.Add(socket);
        socket.Bind(new IPEndPoint(source, 0));
        await socket.ConnectAsync(target).DefaultTimeout($"connect from {source}");
        return socket;
    }

    private static async Task<byte[]> RoundTripAsync(Socket socket, byte[] payload)
    {
        await socket.SendAsync(payload, SocketFlags.None).DefaultTimeout("send");
        var received = new byte[payload.Length];
        var total = 0;
        while (total < received.Length)
        {
            var read = await socket.ReceiveAsync(received.AsMemory(total), SocketFlags.None).AsTask().DefaultTimeout("receive");
            Assert.True(read > 0, "the connection closed before the echo");
            total += read;
        }

        return received;
    }

    private static async Task<byte[]> ReadAllAsync(TcpListener listener)
    {
        using var socket = await listener.AcceptSocketAsync();
        var all = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
        {
            all.Write(buffer, 0, read);
        }

        return all.ToArray();
    }

    private static byte[] Port(int port)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)port);
        return bytes;
    }

    /// <summary>An upstream that accepts every connection and echoes, holding each until the test ends.</summary>
    private sealed class HoldingEchoServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _accepting;

        public HoldingEchoServer()
        {
            _listener.Start(4096);
            EndPoint = (IPEndPoint)_listener.LocalEndpoint;
            _accepting = AcceptAsync();
        }

        public IPEndPoint EndPoint { get; }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            var connections = new List<Task>();
            try
            {
                while (true)
                {
                    connections.Add(EchoAsync(await _listener.AcceptSocketAsync(_stop.Token)));
                }
            }
            finally
            {
                await Task.WhenAll(connections).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        private async Task EchoAsync(Socket socket)
        {
            using (socket)
            {
                var buffer = new byte[64];
                int read;
                while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token)) > 0)
                {
                    await socket.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
                }
            }
        }
    }
}
