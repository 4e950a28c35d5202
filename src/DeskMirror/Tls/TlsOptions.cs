namespace DeskMirror.Tls;

/// <summary>Where the mirror's certificate comes from and how long DeskMirror's own certificates live. Validated by <see cref="Validate"/>.</summary>
internal sealed class TlsOptions
{
    /// <summary>A PEM certificate (chain) given by the user; with <see cref="KeyPath"/>, it replaces the local authority.</summary>
    public string? CertificatePath { get; init; }

    /// <summary>The unencrypted PEM private key (RSA or EC) of <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; init; }

    /// <summary>How the two paths are named in messages: <c>--tls-cert</c>/<c>--tls-key</c>, or the settings keys.</summary>
    public (string Certificate, string Key) Names { get; init; } = ("--tls-cert", "--tls-key");

    /// <summary>The data folder; the local authority lives in its <c>tls</c> folder.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Lifetime of the local authority. Default 10 years: trusting it on a phone is a chore to do rarely.</summary>
    public TimeSpan AuthorityLifetime { get; init; } = TimeSpan.FromDays(3652);

    /// <summary>
    /// Lifetime of a server certificate the authority signs. Default 90 days: short, since it is renewed without
    /// anyone noticing, and well under the 398 and 825 days Apple's platforms accept.
    /// </summary>
    public TimeSpan ServerCertificateLifetime { get; init; } = TimeSpan.FromDays(90);

    /// <summary>A server certificate is renewed when less than this is left. Default 30 days.</summary>
    public TimeSpan RenewBefore { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How often addresses and expiry are checked besides address-change notifications. Default 1 hour.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Clock for validity dates and the periodic check. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>What the server certificate must name; default this machine's addresses and names (<see cref="ServerIdentity.Current"/>).</summary>
    public Func<ServerIdentity> Identity { get; init; } = ServerIdentity.Current;

    /// <summary>Every problem with the values, each naming its option; empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if ((CertificatePath is null) != (KeyPath is null))
        {
            errors.Add($"{Names.Certificate} and {Names.Key} go together; give both");
        }

        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            errors.Add("the data folder is not set");
        }

        if (ServerCertificateLifetime <= TimeSpan.Zero || ServerCertificateLifetime >= AuthorityLifetime)
        {
            errors.Add("ServerCertificateLifetime must be above zero and shorter than AuthorityLifetime");
        }

        if (RenewBefore <= TimeSpan.Zero || RenewBefore >= ServerCertificateLifetime)
        {
            errors.Add("RenewBefore must be above zero and shorter than ServerCertificateLifetime");
        }

        if (CheckInterval <= TimeSpan.Zero)
        {
            errors.Add("CheckInterval must be above zero");
        }

        return errors;
    }
}
