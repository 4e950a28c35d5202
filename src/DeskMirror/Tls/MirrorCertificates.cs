using System.Net.NetworkInformation;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using DeskMirror.Internal;
using DeskMirror.Proxy;
using DeskMirror.Server.Tls;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Tls;

/// <summary>
/// The mirror's server certificate, in this order of precedence: the user's PEM files (flags, then settings), else
/// one issued by DeskMirror's local authority for every name and address of this machine. An issued certificate is
/// re-issued when the addresses change or it nears its end (<see cref="Refresh"/>, run at start, every
/// <see cref="TlsOptions.CheckInterval"/> and on address-change notifications once <see cref="StartWatching"/> ran);
/// whoever serves TLS reads <see cref="Current"/> at each handshake, so no restart is needed.
/// </summary>
internal sealed partial class MirrorCertificates : IServerCertificateSource, IDisposable
{
    private readonly Lock _lock = new();
    private readonly TlsOptions _options;
    private readonly ILogger _logger;
    private ServerIdentity? _identity;
    private volatile SslStreamCertificateContext _current;
    private ITimer? _timer;
    private bool _watching;

    private MirrorCertificates(TlsOptions options, ILogger logger, LocalCertificateAuthority? authority, SslStreamCertificateContext current, ServerIdentity? identity)
    {
        _options = options;
        _logger = logger;
        Authority = authority;
        _current = current;
        _identity = identity;
    }

    /// <inheritdoc/>
    public event EventHandler? Changed;

    /// <summary>The local authority, when the certificate comes from it; null for the user's own certificate.</summary>
    public LocalCertificateAuthority? Authority { get; }

    /// <summary>The user's certificate file, when the certificate comes from one.</summary>
    public string? CertificateFile => Authority is null ? _options.CertificatePath : null;

    /// <inheritdoc/>
    public SslStreamCertificateContext Current => _current;

    /// <summary>The server certificate of <see cref="Current"/>.</summary>
    public X509Certificate2 Certificate => _current.TargetCertificate;

    /// <summary>
    /// Loads the user's certificate or the local authority (making it on first use) and issues the first server
    /// certificate. Fails only for the user's files (a one-line error, exit code 2); notes are lines to show.
    /// </summary>
    public static TlsSetupResult Create(TlsOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (options.Validate() is [var first, ..])
        {
            return TlsSetupResult.Failed(first);
        }

        var notes = new List<string>();
        if (options.CertificatePath is { } certificatePath && options.KeyPath is { } keyPath)
        {
            var loaded = PemCertificateFiles.Load(certificatePath, keyPath, options.Names, options.TimeProvider.GetUtcNow());
            if (loaded.Certificate is not { } certificate)
            {
                return TlsSetupResult.Failed(loaded.Error!);
            }

            if (loaded.Warning is { } warning)
            {
                notes.Add(warning);
            }

            var context = SslStreamCertificateContext.Create(certificate, [.. loaded.Chain], offline: true);
            return new TlsSetupResult(new MirrorCertificates(options, logger, null, context, null), null, notes);
        }

        var identity = options.Identity();
        var authority = LocalCertificateAuthority.LoadOrCreate(
            Path.Combine(options.DataDirectory, LocalCertificateAuthority.FolderName), identity.HostLabel, options, notes);
        var issued = Issue(authority, identity, options);
        return new TlsSetupResult(new MirrorCertificates(options, logger, authority, issued, identity), null, notes);
    }

    /// <summary>
    /// Re-issues the server certificate when this machine's names or addresses differ from the ones it names, or
    /// less than <see cref="TlsOptions.RenewBefore"/> of it is left; true when <see cref="Current"/> changed. A
    /// user's certificate is never replaced.
    /// </summary>
    public bool Refresh()
    {
        if (Authority is null)
        {
            return false;
        }

        lock (_lock)
        {
            var identity = _options.Identity();
            var now = _options.TimeProvider.GetUtcNow();
            var ending = Certificate.NotAfter.ToUniversalTime() - _options.RenewBefore <= now.UtcDateTime;
            if (!ending && _identity is { } current && current.SameAs(identity))
            {
                return false;
            }

            _current = Issue(Authority, identity, _options);
            _identity = identity;
            var notAfter = Certificate.NotAfter.ToUniversalTime();
            Log.CertificateReissued(_logger, ending ? "it was near its end" : "the addresses changed", notAfter);
        }

        Changed?.Invoke(this, EventArgs.Empty);
        return true;
    }

    /// <summary>Checks every <see cref="TlsOptions.CheckInterval"/> and whenever the system reports an address change.</summary>
    public void StartWatching()
    {
        lock (_lock)
        {
            if (_watching || Authority is null)
            {
                return;
            }

            _watching = true;
            _timer = _options.TimeProvider.CreateTimer(_ => Refresh(), null, _options.CheckInterval, _options.CheckInterval);
        }

        NetworkChange.NetworkAddressChanged += OnAddressChanged;
    }

    public void Dispose()
    {
        NetworkChange.NetworkAddressChanged -= OnAddressChanged;
        lock (_lock)
        {
            _timer?.Dispose();
            _timer = null;
        }

        Authority?.Dispose();
    }

    private static SslStreamCertificateContext Issue(LocalCertificateAuthority authority, ServerIdentity identity, TlsOptions options)
    {
        var certificate = ServerCertificateIssuer.Issue(authority, identity, options.TimeProvider.GetUtcNow(), options.ServerCertificateLifetime);
        return SslStreamCertificateContext.Create(certificate, [authority.PublicCertificate], offline: true);
    }

    private void OnAddressChanged(object? sender, EventArgs e)
    {
        try
        {
            Refresh();
        }
#pragma warning disable CA1031 // A notification handler must not take the process down; the next check retries.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.CertificateRefreshFailed(_logger, ex);
        }
    }

    /// <summary>A line for the status: the fingerprint of what a phone must trust, or the user's file.</summary>
    public string Describe() => Authority is { } authority
        ? $"DeskMirror's local CA, SHA-256 {authority.Fingerprint}"
        : $"from {CertificateFile} (SHA-256 {CertificateFingerprint.Sha256(Certificate)})";
}
