using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace DeskMirror.Network;

/// <summary>
/// Finds the addresses a LAN device can use, by enumerating interfaces (no outbound probe, so it works
/// offline): each non-loopback IPv4 address and each global IPv6 address of an interface that is up,
/// physical interfaces first, container bridges and veth pairs last.
/// </summary>
internal static class LanAddressFinder
{
    // Interface name prefixes of container runtimes, VM managers and overlay networks.
    private static readonly string[] ContainerPrefixes =
        ["docker", "br-", "veth", "virbr", "vnet", "cni", "flannel", "cali", "vxlan", "podman", "lxcbr", "lxdbr", "kube", "weave", "tap", "vmnet", "bridge", "incusbr", "cilium"];

    /// <summary>The usable addresses of this machine that a listener on <paramref name="bind"/> serves, in display order.</summary>
    public static IReadOnlyList<LanAddress> Find(IPAddress bind)
        => Order(All().Where(a => a.Kind != InterfaceKind.Loopback && IsUsable(a.Address) && Serves(bind, a.Address)));

    /// <summary>
    /// Where a listener bound to <paramref name="bound"/> can be reached: the bound address itself, or for a
    /// wildcard every address it serves on an interface that is up (loopback first, IPv4 before IPv6; IPv6
    /// link-local addresses left out, as they need a scope to be dialled).
    /// </summary>
    public static IReadOnlyList<IPEndPoint> Reachable(IPEndPoint bound)
    {
        ArgumentNullException.ThrowIfNull(bound);
        if (!bound.Address.Equals(IPAddress.Any) && !bound.Address.Equals(IPAddress.IPv6Any))
        {
            return [bound];
        }

        var found = All()
            .Where(a => Serves(bound.Address, a.Address) && !a.Address.IsIPv6LinkLocal)
            .Select(a => new IPEndPoint(a.Address, bound.Port))
            .Distinct()
            .OrderBy(e => IPAddress.IsLoopback(e.Address) ? 0 : 1)
            .ThenBy(e => e.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)
            .ToList();
        return found.Count == 0 ? [bound] : found;
    }

    /// <summary>Every address of every interface that is up, loopback included, unfiltered (found offline); empty where the OS gives no list.</summary>
    public static IReadOnlyList<LanAddress> All()
    {
        var found = new List<LanAddress>();
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
            // Linux reports "unknown" for interfaces without carrier detection (tun, wireguard) that are up.
            if (nic.OperationalStatus is not (OperationalStatus.Up or OperationalStatus.Unknown))
            {
                continue;
            }

            var kind = nic.NetworkInterfaceType == NetworkInterfaceType.Loopback ? InterfaceKind.Loopback : Classify(nic.Name, HasDevice(nic.Name));
            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                found.Add(new LanAddress(nic.Name, kind, unicast.Address));
            }
        }

        return found;
    }

    /// <summary>Physical first, then other, then container; IPv4 before IPv6 within each; stable by name.</summary>
    public static IReadOnlyList<LanAddress> Order(IEnumerable<LanAddress> addresses)
        => addresses
            .DistinctBy(a => a.Address)
            .OrderBy(a => a.Kind)
            .ThenBy(a => a.Address.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)
            .ThenBy(a => a.InterfaceName, StringComparer.Ordinal)
            .ThenBy(a => a.Address.ToString(), StringComparer.Ordinal)
            .ToList();

    /// <summary>Container names are recognised by prefix; the rest are physical when the OS shows a device behind them.</summary>
    public static InterfaceKind Classify(string name, bool hasDevice)
    {
        if (ContainerPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
        {
            return InterfaceKind.Container;
        }

        return hasDevice ? InterfaceKind.Physical : InterfaceKind.Other;
    }

    /// <summary>Non-loopback IPv4, or IPv6 in the global unicast range 2000::/3.</summary>
    public static bool IsUsable(IPAddress address)
    {
        if (IPAddress.IsLoopback(address))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            // 169.254/16 is link-local: the address a machine gives itself when DHCP failed.
            return address.GetAddressBytes()[0] != 169 || address.GetAddressBytes()[1] != 254;
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6
            && (address.GetAddressBytes()[0] & 0xE0) == 0x20;
    }

    /// <summary>Whether a listener bound to <paramref name="bind"/> accepts connections to <paramref name="address"/>.</summary>
    public static bool Serves(IPAddress bind, IPAddress address)
    {
        if (bind.Equals(IPAddress.Any))
        {
            return address.AddressFamily == AddressFamily.InterNetwork;
        }

        // A socket on [::] is dual-stack, so it serves both families.
        return bind.Equals(IPAddress.IPv6Any) || bind.Equals(address);
    }

    private static bool HasDevice(string name)
    {
        if (OperatingSystem.IsLinux())
        {
            return Directory.Exists($"/sys/class/net/{name}/device");
        }

        // macOS and others: en* are Ethernet and Wi-Fi.
        return name.StartsWith("en", StringComparison.Ordinal) || name.StartsWith("eth", StringComparison.Ordinal) || name.StartsWith("wl", StringComparison.Ordinal);
    }
}
