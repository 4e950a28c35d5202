using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace DeskMirror.Server.Hosting.Internal;

/// <summary>
/// The names the mirror listener answers to, so a DNS-rebinding page (a hostile name that resolves to this
/// computer) cannot talk to it as a same-origin site: loopback, every address of every interface, the host
/// name, <c>&lt;host&gt;.local</c>, and <see cref="AppServerOptions.AllowedHosts"/>. Interfaces come and go
/// (Wi-Fi, VPN), so an unknown name re-reads them, at most once per <see cref="RefreshInterval"/>.
/// </summary>
internal sealed class MirrorHostNames
{
    /// <summary>Least time between two reads of the interfaces, so a flood of foreign names costs nothing.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private readonly HashSet<string> _allowed = new(StringComparer.Ordinal);
    private readonly List<string> _allowedSuffixes = [];
    private readonly TimeProvider _time;
    private readonly Lock _refreshLock = new();
    private volatile Own _own;

    public MirrorHostNames(AppServerOptions options)
    {
        _time = options.TimeProvider;
        foreach (var entry in options.AllowedHosts)
        {
            if (entry.StartsWith("*.", StringComparison.Ordinal))
            {
                _allowedSuffixes.Add(AllowedHost.Normalize(entry[1..]));
            }
            else
            {
                _allowed.Add(Canonical(AllowedHost.Normalize(entry)));
            }
        }

        _own = Read(_time.GetUtcNow());
    }

    public bool IsAllowed(HostString host)
    {
        if (!host.HasValue || host.Host.Length == 0)
        {
            return false;
        }

        var name = Canonical(AllowedHost.Normalize(host.Host));
        if (name == "localhost" || (IPAddress.TryParse(name, out var address) && IPAddress.IsLoopback(address)))
        {
            return true;
        }

        if (_allowed.Contains(name) || _allowedSuffixes.Exists(suffix => name.EndsWith(suffix, StringComparison.Ordinal)))
        {
            return true;
        }

        return _own.Names.Contains(name) || Refresh().Names.Contains(name);
    }

    private Own Refresh()
    {
        var now = _time.GetUtcNow();
        lock (_refreshLock)
        {
            if (now - _own.ReadAt >= RefreshInterval)
            {
                _own = Read(now);
            }

            return _own;
        }
    }

    private static Own Read(DateTimeOffset now)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hostName in new[] { Dns.GetHostName(), Environment.MachineName })
        {
            var full = AllowedHost.Normalize(hostName);
            if (full.Length == 0)
            {
                continue;
            }

            var label = full.Split('.')[0];
            names.Add(full);
            names.Add(label);
            names.Add(label + ".local");
        }

        try
        {
            foreach (var network in NetworkInterface.GetAllNetworkInterfaces())
            {
                foreach (var unicast in network.GetIPProperties().UnicastAddresses)
                {
                    names.Add(Canonical(unicast.Address.ToString()));
                }
            }
        }
        catch (NetworkInformationException)
        {
            // No interface list (a sandbox): loopback, the host name and the allowed hosts still work.
        }

        return new Own(names, now);
    }

    /// <summary>IP addresses in one spelling (IPv4-mapped IPv6 as IPv4, no IPv6 zone), names unchanged.</summary>
    private static string Canonical(string name)
    {
        if (!IPAddress.TryParse(name, out var address))
        {
            return name;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        else if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            address = new IPAddress(address.GetAddressBytes());
        }

        return address.ToString();
    }

    private sealed record Own(HashSet<string> Names, DateTimeOffset ReadAt);
}
