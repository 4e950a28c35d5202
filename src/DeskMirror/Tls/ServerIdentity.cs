using System.Net;
using System.Net.Sockets;
using DeskMirror.Network;

namespace DeskMirror.Tls;

/// <summary>
/// The names and addresses a server certificate must name so that every way a device reaches the mirror
/// validates: each address of each interface that is up (loopback included), <c>localhost</c>, the host name and
/// <c>&lt;host&gt;.local</c>. Two identities are the same when they name the same set.
/// </summary>
internal sealed record ServerIdentity(string HostLabel, IReadOnlyList<string> DnsNames, IReadOnlyList<IPAddress> Addresses)
{
    /// <summary>This machine now, found offline like the LAN URLs.</summary>
    public static ServerIdentity Current() => From(HostNames.Label(), LanAddressFinder.All().Select(a => a.Address));

    /// <summary>The identity for <paramref name="hostLabel"/> and <paramref name="addresses"/>, loopback always added.</summary>
    public static ServerIdentity From(string hostLabel, IEnumerable<IPAddress> addresses)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostLabel);
        ArgumentNullException.ThrowIfNull(addresses);
        var names = new[] { "localhost", hostLabel, hostLabel + ".local" }.Distinct(StringComparer.Ordinal).ToList();
        var ips = addresses
            .Append(IPAddress.Loopback)
            .Append(IPAddress.IPv6Loopback)
            // A certificate names an address without the scope (the interface) that link-local IPv6 carries.
            .Select(a => a.AddressFamily == AddressFamily.InterNetworkV6 ? new IPAddress(a.GetAddressBytes()) : a)
            .Select(a => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a)
            .Distinct()
            .OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)
            .ThenBy(a => a.ToString(), StringComparer.Ordinal)
            .ToList();
        return new ServerIdentity(hostLabel, names, ips);
    }

    /// <summary>Whether both name exactly the same names and addresses.</summary>
    public bool SameAs(ServerIdentity other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return DnsNames.ToHashSet(StringComparer.Ordinal).SetEquals(other.DnsNames)
            && Addresses.ToHashSet().SetEquals(other.Addresses);
    }
}
