using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace DeskMirror.Cli;

/// <summary>The addresses a listener bound to <c>0.0.0.0</c> or <c>[::]</c> can be reached at, found offline.</summary>
internal static class ServedAddresses
{
    /// <summary>The bound address itself, or for a wildcard every address of an interface that is up (loopback first).</summary>
    public static IReadOnlyList<IPEndPoint> For(IPEndPoint bound)
    {
        var wildcardV4 = bound.Address.Equals(IPAddress.Any);
        var wildcardV6 = bound.Address.Equals(IPAddress.IPv6Any);
        if (!wildcardV4 && !wildcardV6)
        {
            return [bound];
        }

        var found = new List<IPEndPoint>();
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (nic.OperationalStatus is not (OperationalStatus.Up or OperationalStatus.Unknown))
                {
                    continue;
                }

                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                {
                    var address = unicast.Address;
                    var usable = address.AddressFamily == AddressFamily.InterNetwork
                        || (wildcardV6 && address.AddressFamily == AddressFamily.InterNetworkV6 && !address.IsIPv6LinkLocal);
                    if (usable)
                    {
                        found.Add(new IPEndPoint(address, bound.Port));
                    }
                }
            }
        }
        catch (NetworkInformationException)
        {
            // No interface list on this platform: the bound address alone is still true.
        }

        return found.Count == 0
            ? [bound]
            : [.. found.Distinct().OrderBy(e => IPAddress.IsLoopback(e.Address) ? 0 : 1).ThenBy(e => e.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)];
    }
}
