using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace DeskMirror.Proxy.Internal;

/// <summary>
/// The host names a server certificate is valid for, as a client checks them (RFC 6125): the DNS names of its
/// subjectAltName, a leading <c>*.</c> standing for exactly one label, compared without regard to case; the
/// subject's common name only when there is no DNS name at all.
/// </summary>
internal sealed class CertificateNames
{
    private readonly HashSet<string> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _wildcardParents = new(StringComparer.OrdinalIgnoreCase);

    public CertificateNames(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension names)
            {
                foreach (var name in names.EnumerateDnsNames())
                {
                    Add(name);
                }
            }
        }

        if (_exact.Count == 0 && _wildcardParents.Count == 0 && certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false) is { Length: > 0 } commonName)
        {
            Add(commonName);
        }
    }

    /// <summary>Whether a client asking for <paramref name="serverName"/> (a host name, not an address) accepts the certificate.</summary>
    public bool Contains(string serverName)
    {
        var name = serverName.TrimEnd('.');
        if (_exact.Contains(name))
        {
            return true;
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && _wildcardParents.Contains(name[(dot + 1)..]);
    }

    /// <summary>
    /// A server name worth passing on as the connection's authority: a DNS name of at most 253 characters made of
    /// letters, digits, hyphens, underscores and dots. Clients must not send an address as SNI; one that does is ignored.
    /// </summary>
    public static bool IsHostName(string? serverName) =>
        serverName is { Length: > 0 and <= 253 }
        && !IPAddress.TryParse(serverName, out _)
        && serverName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_');

    private void Add(string name)
    {
        var trimmed = name.TrimEnd('.');
        if (trimmed.StartsWith("*.", StringComparison.Ordinal))
        {
            _wildcardParents.Add(trimmed[2..]);
        }
        else if (trimmed.Length > 0)
        {
            _exact.Add(trimmed);
        }
    }
}
