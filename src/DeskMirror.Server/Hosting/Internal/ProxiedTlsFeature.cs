using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http.Features;

namespace DeskMirror.Server.Hosting.Internal;

/// <summary>
/// Marks a mirror connection whose TLS the proxy terminated (<c>PP2_CLIENT_SSL</c>): Kestrel gives every request
/// on a connection carrying this feature <c>Scheme == "https"</c>, so cookies get <c>Secure</c> and
/// <c>IsHttps</c> is true. The proxy does not forward client certificates, so there is none.
/// </summary>
internal sealed class ProxiedTlsFeature : ITlsConnectionFeature
{
    public X509Certificate2? ClientCertificate { get; set; }

    public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) => Task.FromResult<X509Certificate2?>(null);
}
