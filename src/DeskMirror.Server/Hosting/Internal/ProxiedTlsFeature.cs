using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace DeskMirror.Server.Hosting.Internal;

/// <summary>
/// Marks a mirror connection whose TLS the proxy terminated (<c>PP2_CLIENT_SSL</c>): Kestrel gives every request
/// on a connection carrying this feature <c>Scheme == "https"</c>, so cookies get <c>Secure</c> and
/// <c>IsHttps</c> is true. The application protocol the proxy agreed with the device (ALPN) picks HTTP/2 or
/// HTTP/1.1, as it would after Kestrel's own handshake. The proxy does not forward client certificates.
/// </summary>
internal sealed class ProxiedTlsFeature(string? applicationProtocol) : ITlsConnectionFeature, ITlsApplicationProtocolFeature
{
    public ReadOnlyMemory<byte> ApplicationProtocol { get; } = applicationProtocol is null ? default : Encoding.ASCII.GetBytes(applicationProtocol);

    public X509Certificate2? ClientCertificate { get; set; }

    public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) => Task.FromResult<X509Certificate2?>(null);
}
