using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using DeskMirror.Discovery.Internal;
using DeskMirror.Internal;
using DeskMirror.Network;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Discovery;

/// <summary>
/// A small mDNS responder (RFC 6762) for one DNS-SD advertisement (RFC 6763), over IPv4 multicast 224.0.0.251:5353
/// on every interface that is up and supports multicast. It announces at start (twice, a second apart), answers
/// queries (multicast, QU unicast, and legacy unicast from a port other than 5353) and says goodbye (TTL 0) when
/// stopped. It shares port 5353 with the system's responder (SO_REUSEADDR/SO_REUSEPORT). Names are not probed for
/// conflicts: the instance is named after the host, which the system's own responder already defends.
/// </summary>
internal sealed partial class MdnsAdvertiser : IAsyncDisposable
{
    public const int Port = 5353;

    public static readonly IPAddress Group = IPAddress.Parse("224.0.0.251");

    /// <summary>TTL of answers to legacy unicast queries (RFC 6762 §6.7: at most 10 s).</summary>
    private const uint LegacyUnicastTtl = 10;

    private readonly Socket _socket;
    private readonly IReadOnlyList<int> _interfaces;
    private readonly MdnsZone _zone;
    private readonly ILogger _logger;
    private readonly Lock _sendLock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;
    private readonly Task _announcing;
    private int _stopped;

    private MdnsAdvertiser(Socket socket, IReadOnlyList<int> interfaces, MdnsZone zone, ILogger logger)
    {
        _socket = socket;
        _interfaces = interfaces;
        _zone = zone;
        _logger = logger;
        _receiving = Task.Run(ReceiveLoopAsync);
        _announcing = Task.Run(AnnounceAsync);
    }

    /// <summary>Starts advertising, or says why it cannot (no multicast-capable interface, port 5353 not available).</summary>
    public static MdnsStartResult Start(MdnsAdvertisement advertisement, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(advertisement);
        var candidates = MulticastInterfaces();
        if (candidates.Count == 0)
        {
            return MdnsStartResult.NotAdvertised("no network interface that is up supports multicast");
        }

        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(IPAddress.Any, Port));
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.PacketInformation, true);
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 255);
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            return MdnsStartResult.NotAdvertised($"UDP port {Port} is not available ({ex.Message})");
        }

        var joined = new List<int>();
        string? lastError = null;
        foreach (var (index, _) in candidates)
        {
            try
            {
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(Group, index));
                joined.Add(index);
            }
            catch (SocketException ex)
            {
                lastError = ex.Message;
            }
        }

        if (joined.Count == 0)
        {
            socket.Dispose();
            return MdnsStartResult.NotAdvertised($"no interface could join the multicast group {Group} ({lastError})");
        }

        var joinedAddresses = candidates.Where(c => joined.Contains(c.Index)).SelectMany(c => c.Addresses).ToList();
        var zone = new MdnsZone(advertisement, () => Addresses(advertisement.Bind, joinedAddresses));
        return new MdnsStartResult(new MdnsAdvertiser(socket, joined, zone, logger), null);
    }

    /// <summary>Sends the goodbye (every record with TTL 0) and closes the socket.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        await _announcing.ContinueWith(static _ => { }, TaskScheduler.Default);
        var goodbye = _zone.All().Select(r => r with { Ttl = 0 }).ToList();
        SendMulticast(DnsMessage.WriteResponse(0, [], goodbye, [], cacheFlush: true), _interfaces);
        _socket.Dispose();
        await _receiving.ContinueWith(static _ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private static List<(int Index, List<IPAddress> Addresses)> MulticastInterfaces()
    {
        var found = new List<(int, List<IPAddress>)>();
        NetworkInterface[] interfaces;
        try
        {
            interfaces = NetworkInterface.GetAllNetworkInterfaces();
        }
        catch (NetworkInformationException)
        {
            return found;
        }

        foreach (var nic in interfaces)
        {
            if (nic.OperationalStatus is not (OperationalStatus.Up or OperationalStatus.Unknown) || !nic.SupportsMulticast || !nic.Supports(NetworkInterfaceComponent.IPv4))
            {
                continue;
            }

            var properties = nic.GetIPProperties();
            var addresses = properties.UnicastAddresses.Select(u => u.Address).ToList();
            if (addresses.Any(a => a.AddressFamily == AddressFamily.InterNetwork))
            {
                found.Add((properties.GetIPv4Properties().Index, addresses));
            }
        }

        return found;
    }

    /// <summary>The joined interfaces' addresses the mirror serves; IPv6 link-local left out (it needs a scope to be dialled).</summary>
    private static List<IPAddress> Addresses(IPAddress bind, List<IPAddress> joined)
        => joined.Where(a => LanAddressFinder.Serves(bind, a) && !a.IsIPv6LinkLocal).Distinct().ToList();

    private async Task AnnounceAsync()
    {
        try
        {
            for (var i = 0; i < 2; i++)
            {
                SendMulticast(DnsMessage.WriteResponse(0, [], _zone.All(), [], cacheFlush: true), _interfaces);
                await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped before the second announcement; the goodbye follows.
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[DnsMessage.MaxSize];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveMessageFromResult received;
            try
            {
                received = await _socket.ReceiveMessageFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                Log.MdnsReceiveFailed(_logger, ex.Message);
                continue;
            }

            if (!DnsMessage.TryReadQuery(buffer.AsSpan(0, received.ReceivedBytes), out var id, out var questions) || questions.Count == 0)
            {
                continue;
            }

            var (answers, additional) = _zone.Answer(questions);
            if (answers.Count == 0)
            {
                continue;
            }

            var source = (IPEndPoint)received.RemoteEndPoint;
            if (source.Port != Port)
            {
                // Legacy unicast (RFC 6762 §6.7): a plain resolver asking from its own port gets a DNS-style answer.
                var capped = answers.Select(r => r with { Ttl = Math.Min(r.Ttl, LegacyUnicastTtl) }).ToList();
                var extra = additional.Select(r => r with { Ttl = Math.Min(r.Ttl, LegacyUnicastTtl) }).ToList();
                SendTo(DnsMessage.WriteResponse(id, questions, capped, extra, cacheFlush: false), source);
            }
            else if (questions.All(q => q.Unicast))
            {
                SendTo(DnsMessage.WriteResponse(0, [], answers, additional, cacheFlush: true), source);
            }
            else
            {
                SendMulticast(DnsMessage.WriteResponse(0, [], answers, additional, cacheFlush: true), [received.PacketInformation.Interface]);
            }
        }
    }

    private void SendMulticast(byte[] message, IEnumerable<int> interfaces)
    {
        var group = new IPEndPoint(Group, Port);
        lock (_sendLock)
        {
            foreach (var index in interfaces)
            {
                try
                {
                    _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, IPAddress.HostToNetworkOrder(index));
                    _socket.SendTo(message, group);
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    Log.MdnsSendFailed(_logger, index, ex.Message);
                }
            }
        }
    }

    private void SendTo(byte[] message, IPEndPoint target)
    {
        lock (_sendLock)
        {
            try
            {
                _socket.SendTo(message, target);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                Log.MdnsSendFailed(_logger, 0, ex.Message);
            }
        }
    }
}
