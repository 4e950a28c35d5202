using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using DeskMirror.Server.Tls;
using DeskMirror.Tests.Infrastructure;

namespace DeskMirror.Tests.Discovery;

/// <summary>
/// The desktop advertising its mirror by mDNS, each test inside a network namespace of its own (loopback only),
/// so no multicast reaches the machine's network.
/// </summary>
public sealed class MdnsTests : IDisposable
{
    private const int LoopbackIndex = 1;
    private static readonly IPEndPoint Group = new(IPAddress.Parse("224.0.0.251"), 5353);
    private readonly TempFolder _home = new();

    [SkippableFact]
    public async Task Advertised_QueryFindsTheServiceAndItsTxt_AndAGoodbyeFollowsTheStop()
    {
        var unavailable = NetworkNamespace.Unavailable();
        Skip.If(unavailable is not null, unavailable);
        using var desktop = Start(NetworkNamespace.WithMulticastLoopback);
        await desktop.WaitForLineAsync(l => l.StartsWith("Press Ctrl-C", StringComparison.Ordinal), "the desktop to start in its namespace");
        using var authority = X509Certificate2.CreateFromPem(File.ReadAllText(_home.Combine("data", "tls", "ca.crt")));
        var fingerprint = CertificateFingerprint.Sha256(authority).Replace(":", "", StringComparison.Ordinal).ToLowerInvariant();
        using var socket = NetworkNamespace.UdpSocketIn(desktop.Id);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(IPAddress.Any, 5353));
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(Group.Address, LoopbackIndex));
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, IPAddress.HostToNetworkOrder(LoopbackIndex));
        var packets = Channel.CreateUnbounded<MdnsPacket>();
        using var stop = new CancellationTokenSource();
        var receiving = ReceiveAsync(socket, packets.Writer, stop.Token);

        var query = MdnsPacket.Query("_https._tcp.local", MdnsPacket.Ptr);
        await socket.SendToAsync(query, Group);
        var answer = await NextAsync(packets.Reader, p => p.IsResponse && p.Records.Any(r => r.Type == MdnsPacket.Ptr && r.Name == "_https._tcp.local" && r.Ttl > 0), "the answer to the PTR query");

        var instance = answer.Records.First(r => r.Type == MdnsPacket.Ptr && r.Name == "_https._tcp.local").Target!;
        Assert.StartsWith("DeskMirror on ", instance, StringComparison.Ordinal);
        var service = answer.Records.Single(r => r.Type == MdnsPacket.Srv && r.Name == instance);
        Assert.Equal(4096, service.Port);
        var text = answer.Records.Single(r => r.Type == MdnsPacket.Txt && r.Name == instance);
        Assert.Contains("path=/", text.Texts);
        Assert.Contains($"ca-sha256={fingerprint}", text.Texts);
        var host = service.Target!;
        Assert.EndsWith(".local", host, StringComparison.Ordinal);
        Assert.Contains(answer.Records, r => r.Type == MdnsPacket.A && r.Name == host && new IPAddress(r.Data).Equals(IPAddress.Loopback));

        await socket.SendToAsync(MdnsPacket.Query(host, MdnsPacket.A), Group);
        await NextAsync(packets.Reader, p => p.IsResponse && p.Records.Any(r => r.Type == MdnsPacket.A && r.Name == host && r.Ttl > 0), "the answer for the host's A record");

        desktop.Signal(15);
        var goodbye = await NextAsync(packets.Reader, p => p.IsResponse && p.Records.Any(r => r.Type == MdnsPacket.Srv && r.Name == instance && r.Ttl == 0), "the goodbye");
        Assert.All(goodbye.Records, r => Assert.Equal(0u, r.Ttl));
        Assert.Equal(0, await desktop.WaitForExitAsync("the desktop after SIGTERM"));

        // Nobody is left in the namespace to answer: our own query comes back, and nothing after it.
        while (packets.Reader.TryRead(out _))
        {
        }

        await socket.SendToAsync(query, Group);
        await NextAsync(packets.Reader, p => !p.IsResponse, "our own query to loop back");
        Assert.False(packets.Reader.TryRead(out var late), $"an answer after the stop: {late}");
        await stop.CancelAsync();
        await receiving;
    }

    [SkippableFact]
    public async Task NoMulticastInterface_HostServesAndSaysWhyItIsNotAdvertised()
    {
        var unavailable = NetworkNamespace.Unavailable();
        Skip.If(unavailable is not null, unavailable);
        using var desktop = Start(NetworkNamespace.WithoutMulticast);

        await desktop.WaitForLineAsync(l => l.StartsWith("Press Ctrl-C", StringComparison.Ordinal), "the desktop to start in its namespace");
        var line = await desktop.WaitForLineAsync(l => l.Contains("mDNS: the mirror is not advertised", StringComparison.Ordinal), "the line saying why mDNS is off");

        Assert.Contains("no network interface that is up supports multicast", line, StringComparison.Ordinal);
        Assert.Contains("Mirror:    serving on 0.0.0.0:4096", desktop.Output, StringComparison.Ordinal);
        Assert.Single(desktop.Output.Split('\n'), l => l.Contains("mDNS:", StringComparison.Ordinal));
        desktop.Signal(15);
        Assert.Equal(0, await desktop.WaitForExitAsync("the desktop after SIGTERM"));
    }

    private ChildProcess Start(IReadOnlyList<string> wrapper)
        => DeskMirrorCli.StartWrapped(
            _home.Path,
            wrapper,
            ["--no-open", "--port", "4096", "--config", _home.Combine("settings.json"), "--data-dir", _home.Combine("data")],
            new Dictionary<string, string?> { ["DESKMIRROR_USERNAME"] = DesktopInstance.Username, ["DESKMIRROR_PASSWORD"] = DesktopInstance.Password });

    private static async Task ReceiveAsync(Socket socket, ChannelWriter<MdnsPacket> packets, CancellationToken cancellationToken)
    {
        var buffer = new byte[9000];
        try
        {
            while (true)
            {
                var received = await socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), cancellationToken);
                packets.TryWrite(MdnsPacket.Parse(buffer.AsSpan(0, received.ReceivedBytes)));
            }
        }
        catch (OperationCanceledException)
        {
            packets.TryComplete();
        }
    }

    private static async Task<MdnsPacket> NextAsync(ChannelReader<MdnsPacket> packets, Func<MdnsPacket, bool> match, string what)
    {
        while (true)
        {
            var packet = await packets.ReadAsync().AsTask().DefaultTimeout(what);
            if (match(packet))
            {
                return packet;
            }
        }
    }

    public void Dispose() => _home.Dispose();
}
