namespace DeskMirror.Server.Hosting;

/// <summary>
/// An entry of <see cref="AppServerOptions.AllowedHosts"/> (the <c>allowedHosts</c> setting): a host name
/// (<c>desk.tailnet-1234.ts.net</c>), an IP address, or <c>*.</c> and a domain for every name under it. No
/// scheme, no port, no path: the mirror checks the name a browser puts in <c>Host</c>, whatever the port.
/// </summary>
public static class AllowedHost
{
    /// <summary>Null when <paramref name="entry"/> is usable, else why not.</summary>
    public static string? Validate(string? entry)
    {
        if (string.IsNullOrWhiteSpace(entry))
        {
            return "an allowed host is empty";
        }

        var name = entry.StartsWith("*.", StringComparison.Ordinal) ? entry[2..] : entry;
        var bare = name.StartsWith('[') && name.EndsWith(']') ? name[1..^1] : name;
        return Uri.CheckHostName(bare.TrimEnd('.')) == UriHostNameType.Unknown || bare.Contains('*', StringComparison.Ordinal)
            ? $"allowed host '{entry}' is not a host name or IP address (no scheme, port or path; '*.' only as a prefix)"
            : null;
    }

    /// <summary>The form names are compared in: lower case, no brackets around an IPv6 address, no final dot.</summary>
    internal static string Normalize(string host)
    {
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        return bare.TrimEnd('.').ToLowerInvariant();
    }
}
