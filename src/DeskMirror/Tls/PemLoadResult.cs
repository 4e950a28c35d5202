using System.Security.Cryptography.X509Certificates;

namespace DeskMirror.Tls;

/// <summary>A user's certificate with its key and chain, or the one line that says why it cannot be used; <see cref="Warning"/> is a usable one's caveat.</summary>
internal sealed record PemLoadResult(X509Certificate2? Certificate, IReadOnlyList<X509Certificate2> Chain, string? Error, string? Warning)
{
    public static PemLoadResult Failed(string error) => new(null, [], error, null);
}
