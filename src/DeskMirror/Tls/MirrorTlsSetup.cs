using DeskMirror.Server.Tls;
using DeskMirror.Settings;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Tls;

/// <summary>
/// Turns the settings in force into the mirror's certificates, the same way for the desktop and <c>deskmirror mirror</c>:
/// flags before the settings file before the local authority; notes printed as <c>note:</c> lines, an unusable file as
/// one <c>deskmirror:</c> line (the caller exits with code 2).
/// </summary>
internal static class MirrorTlsSetup
{
    /// <summary>The mode in force (the settings were validated when loaded, and flags when parsed).</summary>
    public static MirrorTlsMode Mode(DeskMirrorSettings effective)
    {
        ArgumentNullException.ThrowIfNull(effective);
        return MirrorTlsModes.TryParse(effective.MirrorTls ?? SettingsDefaults.MirrorTls, out var mode) ? mode : MirrorTlsMode.Auto;
    }

    /// <summary>
    /// Where the certificate comes from: the flags' pair (paths as typed, from the working folder), else the settings
    /// file's pair (relative paths from the settings file's folder), else the local authority in <paramref name="dataDirectory"/>.
    /// </summary>
    public static TlsOptions Options(DeskMirrorSettings flags, DeskMirrorSettings fromFile, string settingsFile, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(fromFile);
        if (flags.TlsCertificate is not null || flags.TlsKey is not null)
        {
            return new TlsOptions
            {
                CertificatePath = flags.TlsCertificate is { } c ? Path.GetFullPath(c) : null,
                KeyPath = flags.TlsKey is { } k ? Path.GetFullPath(k) : null,
                DataDirectory = dataDirectory,
            };
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(settingsFile))!;
        return new TlsOptions
        {
            CertificatePath = fromFile.TlsCertificate is { } sc ? Path.GetFullPath(sc, folder) : null,
            KeyPath = fromFile.TlsKey is { } sk ? Path.GetFullPath(sk, folder) : null,
            Names = ("settings tlsCertificate", "settings tlsKey"),
            DataDirectory = dataDirectory,
        };
    }

    /// <summary>Null with nothing printed when TLS is off; else the certificates, watching for address changes, or null after printing why not (exit 2).</summary>
    public static MirrorCertificates? Prepare(MirrorTlsMode mode, TlsOptions options, TextWriter output, TextWriter error, ILogger logger, out bool failed)
    {
        failed = false;
        if (mode == MirrorTlsMode.Off)
        {
            return null;
        }

        var setup = MirrorCertificates.Create(options, logger);
        foreach (var note in setup.Notes)
        {
            output.WriteLine($"note: {note}");
        }

        if (setup.Certificates is not { } certificates)
        {
            error.WriteLine($"deskmirror: {setup.Error}");
            failed = true;
            return null;
        }

        certificates.StartWatching();
        return certificates;
    }
}
