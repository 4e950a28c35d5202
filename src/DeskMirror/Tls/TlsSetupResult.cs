namespace DeskMirror.Tls;

/// <summary>The mirror's certificates, or the one line that says why the user's files cannot be used; <see cref="Notes"/> are lines to show either way.</summary>
internal sealed record TlsSetupResult(MirrorCertificates? Certificates, string? Error, IReadOnlyList<string> Notes)
{
    public static TlsSetupResult Failed(string error) => new(null, error, []);
}
