using DeskMirror.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Time.Testing;

namespace DeskMirror.Server.Tests.Infrastructure;

/// <summary>Knobs for <see cref="TestAppServer"/>; every default suits most tests.</summary>
public sealed class TestAppServerOptions
{
    /// <summary>Reuse a data folder (e.g. to restart on the same database); null makes a fresh temp folder.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Default: <see cref="TestAppServer.DefaultCredentials"/>.</summary>
    public ServerCredentials? Credentials { get; init; }

    /// <summary>Short by default so heartbeat tests do not wait 15 s.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A fake clock (cookie expiry, sign-in links, throttling); null uses the system clock.</summary>
    public FakeTimeProvider? Time { get; init; }

    public int? EventReplayCapacity { get; init; }

    public int? SubscriberQueueCapacity { get; init; }

    public bool MapDefaultSignInPage { get; init; } = true;

    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Require the PROXY v2 header on the mirror listener (clients from <see cref="TestAppServer.CreateDeviceClient"/> send it).</summary>
    public bool MirrorProxyProtocol { get; init; }

    public TimeSpan? MirrorProxyHeaderTimeout { get; init; }

    /// <summary>
    /// PBKDF2 iterations of the stored credential verifier: low by default, so the many servers these tests start
    /// do not each pay the production KDF; a test of the verifier itself sets the production value.
    /// </summary>
    public int CredentialKdfIterations { get; init; } = 1_000;

    public Action<WebApplicationBuilder>? ConfigureBuilder { get; init; }

    public Action<WebApplication>? ConfigureApp { get; init; }

    public Action<WebApplication>? ConfigurePublicMiddleware { get; init; }

    public DeskMirror.Server.Tls.MirrorTlsMode MirrorTls { get; init; }

    public System.Security.Cryptography.X509Certificates.X509Certificate2? CertificateAuthority { get; init; }
}
