using System.Security.Cryptography.X509Certificates;
using DeskMirror.Server.Tls;
using Microsoft.AspNetCore.Builder;

namespace DeskMirror.Server.Hosting;

/// <summary>What the caller (the desktop core, or a test) gives the app server.</summary>
public sealed class AppServerOptions
{
    /// <summary>Folder for the SQLite database and session logs; created when missing.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The one set of credentials both doors accept.</summary>
    public required ServerCredentials Credentials { get; init; }

    /// <summary>Interval of the SSE heartbeat comment. Default 15 s.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Lifetime of a browser sign-in cookie. Default 30 days.</summary>
    public TimeSpan CookieLifetime { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Hooks for the UI and the desktop core to add services before the app is built.</summary>
    public Action<WebApplicationBuilder>? ConfigureBuilder { get; init; }

    /// <summary>Hooks to map more endpoints (the UI) after the API is mapped.</summary>
    public Action<WebApplication>? ConfigureApp { get; init; }

    /// <summary>
    /// Hook to add middleware that runs BEFORE authentication, e.g. <c>UseStaticFiles</c> for the few public
    /// assets the sign-in page needs (its CSS, fonts). Everything added here is reachable without credentials.
    /// Runs after the desktop Host-header check.
    /// </summary>
    public Action<WebApplication>? ConfigurePublicMiddleware { get; init; }

    /// <summary>
    /// Maps the plain built-in HTML sign-in page at <c>GET /signin</c>. Default true. Set false when the UI maps
    /// its own <c>/signin</c> page (it must post <c>username</c>, <c>password</c>, <c>returnUrl</c> to <c>POST /auth/sign-in</c>
    /// and allow anonymous access).
    /// </summary>
    public bool MapDefaultSignInPage { get; init; } = true;

    /// <summary>Clock for cookie expiry, sign-in links, throttling and heartbeats. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Events kept for <c>Last-Event-ID</c> replay. Default 1024. A client that missed more than this gets
    /// <c>server.resync</c> and refetches; a larger buffer costs memory for every event's encoded frame.
    /// </summary>
    public int EventReplayCapacity { get; init; } = 1024;

    /// <summary>
    /// Events queued for one SSE subscriber before it counts as stalled and is disconnected. Default 1024.
    /// Smaller cuts slow phones off sooner on a burst; larger holds more memory per stalled client.
    /// </summary>
    public int SubscriberQueueCapacity { get; init; } = 1024;

    /// <summary>
    /// Whether every connection to the mirror listener must start with a binary PROXY protocol v2 header naming
    /// the real client (the proxy sends it; its <c>SendProxyProtocol</c> and this must be turned on together).
    /// With it, requests, throttling, logs and sign-ins see each device's own address; a connection without a
    /// valid header is closed. Without it, every device appears as the proxy's loopback address. Default false.
    /// </summary>
    public bool MirrorProxyProtocol { get; init; }

    /// <summary>
    /// How long a mirror connection may take to send its whole PROXY header (<see cref="MirrorProxyProtocol"/>)
    /// before it is closed. Default 5 s: the proxy writes the header as soon as it connects, so only a stalled or
    /// foreign client is this slow, and each one holds a connection until then.
    /// </summary>
    public TimeSpan MirrorProxyHeaderTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Names (besides this computer's own names and addresses, which are always accepted) that the mirror listener
    /// answers to, for tunnels such as Tailscale Serve or Cloudflare Tunnel: host names, IP addresses, or
    /// <c>*.domain</c> for every name under a domain (see <see cref="AllowedHost"/>). Any other <c>Host</c> gets 421.
    /// Default none.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>
    /// How often a signed-in device's last-seen time and address move on: at most once per this interval per sign-in,
    /// so a busy device costs one database write per interval, not one per request. Default 30 s.
    /// </summary>
    public TimeSpan DeviceLastSeenInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Failed sign-in attempts from one address allowed within <see cref="FailureWindow"/> before 429. Default 10.</summary>
    public int FailureLimit { get; init; } = 10;

    /// <summary>The throttling window. Default 1 minute.</summary>
    public TimeSpan FailureWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// PBKDF2 iterations of the stored credential verifier. Default <see cref="Auth.Internal.CredentialVerifier.DefaultIterations"/>;
    /// tests lower it so that each of their many servers does not pay the KDF at start.
    /// </summary>
    internal int CredentialKdfIterations { get; init; } = Auth.Internal.CredentialVerifier.DefaultIterations;

    /// <summary>Application name for static web assets (the UI's manifest); null uses the entry assembly's name.</summary>
    public string? ApplicationName { get; init; }

    /// <summary>Content root (static files); null uses the app's base directory.</summary>
    public string? ContentRootPath { get; init; }

    /// <summary>
    /// What the mirror port speaks. Default <see cref="MirrorTlsMode.Auto"/>. With <see cref="MirrorTlsMode.Required"/>
    /// a mirror request that did not arrive over TLS is redirected to https, except the trust routes (<see cref="TrustPaths"/>).
    /// </summary>
    public MirrorTlsMode MirrorTls { get; init; } = MirrorTlsMode.Auto;

    /// <summary>
    /// DeskMirror's local certificate authority (the certificate only, no key), served at <c>/ca.crt</c> and named on the
    /// trust page; null when the mirror's certificate comes from the user (or TLS is off), and <c>/ca.crt</c> answers 404.
    /// </summary>
    public X509Certificate2? CertificateAuthority { get; init; }

    /// <summary>Every invalid value, each naming its option; empty when all are usable. Checked by <see cref="AppServer.StartAsync"/>.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Require(bool valid, string error)
        {
            if (!valid)
            {
                errors.Add("AppServerOptions." + error);
            }
        }

        Require(!string.IsNullOrWhiteSpace(DataDirectory), "DataDirectory must be given.");
        Require(!string.IsNullOrEmpty(Credentials?.Username), "Credentials.Username must be given.");
        Require(!string.IsNullOrEmpty(Credentials?.Password), "Credentials.Password must be given.");
        Require(TimeProvider is not null, "TimeProvider must be given.");
        Require(HeartbeatInterval > TimeSpan.Zero, "HeartbeatInterval must be positive.");
        Require(CookieLifetime > TimeSpan.Zero, "CookieLifetime must be positive.");
        Require(EventReplayCapacity >= 1, "EventReplayCapacity must be at least 1.");
        Require(SubscriberQueueCapacity >= 1, "SubscriberQueueCapacity must be at least 1.");
        Require(FailureLimit >= 1, "FailureLimit must be at least 1.");
        Require(FailureWindow > TimeSpan.Zero, "FailureWindow must be positive.");
        Require(CredentialKdfIterations >= 1, "CredentialKdfIterations must be at least 1.");
        Require(MirrorProxyHeaderTimeout > TimeSpan.Zero, "MirrorProxyHeaderTimeout must be positive.");
        Require(DeviceLastSeenInterval > TimeSpan.Zero, "DeviceLastSeenInterval must be positive.");
        foreach (var error in (AllowedHosts ?? []).Select(AllowedHost.Validate).OfType<string>())
        {
            errors.Add("AppServerOptions.AllowedHosts: " + error);
        }

        return errors;
    }
}
