using System.Net;

namespace DeskMirror.Discovery;

/// <summary>
/// What the mirror advertises: <c>_https._tcp</c> while its port speaks TLS, <c>_http._tcp</c> while it answers
/// plain HTTP, both named after the host, with a TXT record giving the path and the local authority's fingerprint;
/// and the host's addresses under <c>&lt;host&gt;.local</c>.
/// </summary>
/// <param name="HostLabel">This machine's name as one DNS label.</param>
/// <param name="Port">The mirror port.</param>
/// <param name="Bind">The mirror's bind address: only addresses it serves are advertised.</param>
/// <param name="Https">Advertise <c>_https._tcp</c>.</param>
/// <param name="Http">Advertise <c>_http._tcp</c>.</param>
/// <param name="AuthorityFingerprint">SHA-256 of the local authority (colons allowed), or null.</param>
internal sealed record MdnsAdvertisement(string HostLabel, int Port, IPAddress Bind, bool Https, bool Http, string? AuthorityFingerprint)
{
    /// <summary>The service instance label, e.g. <c>DeskMirror on studio</c>; within a DNS label's 63 bytes (the host label is ASCII).</summary>
    public string InstanceLabel => $"DeskMirror on {HostLabel[..Math.Min(HostLabel.Length, 63 - "DeskMirror on ".Length)]}";

    /// <summary><c>studio.local</c>.</summary>
    public string HostName => HostLabel + ".local";
}
