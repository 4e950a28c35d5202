using System.Security.Cryptography.X509Certificates;
using DeskMirror.Proxy;

namespace DeskMirror.Commands;

/// <summary>
/// TLS on a command's proxy: the certificate it presents, and whether it answers plain HTTP itself with a redirect to
/// https (serving <paramref name="Authority"/> at <c>/ca.crt</c>) instead of forwarding it.
/// </summary>
internal sealed record ProxyTls(IServerCertificateSource Certificate, bool RedirectPlainHttp = false, X509Certificate2? Authority = null);
