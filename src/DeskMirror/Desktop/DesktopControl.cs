using DeskMirror.Credentials;
using DeskMirror.Server.Desktop;
using DeskMirror.Server.Events;
using DeskMirror.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace DeskMirror.Desktop;

/// <summary>
/// What the UI and the control endpoints reach as <see cref="IDesktopControl"/>: a façade over the desktop's
/// parts, composed once the app server runs (<see cref="Attach"/>). Settings and credentials live in
/// <see cref="DesktopSettingsService"/>, the proxy in <see cref="MirrorService"/>; every mirror change is
/// written to the runtime state file (<see cref="RuntimeStateWriter"/>) and sent as <c>mirror.status</c>
/// (<see cref="MirrorStatusPublisher"/>); URLs come from <see cref="DesktopLinks"/>.
/// </summary>
internal sealed class DesktopControl : IDesktopControl, IAsyncDisposable
{
    private readonly DesktopContext _context;
    private readonly CancellationTokenSource _quit = new();
    private Parts? _parts;

    public DesktopControl(DesktopContext context) => _context = context;

    /// <summary>Cancelled when the UI (or <c>POST /_deskmirror/control/quit</c>) asks to quit.</summary>
    public CancellationToken QuitRequested => _quit.Token;

    /// <summary>The credentials in force and their sources.</summary>
    public ResolvedCredentials Credentials => _parts?.Settings.Credentials ?? _context.Credentials;

    private Parts Started => _parts ?? throw new InvalidOperationException("the app server has not started yet");

    /// <summary>Composes the parts around the running server. The first runtime state is written by <see cref="StartAsync"/>, after the proxy listens, so its disk flush does not delay the mirror.</summary>
    public void Attach(AppServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var settings = new DesktopSettingsService(_context.Store, _context.Effective, _context.Credentials, server.UpdateCredentials);
        var links = new DesktopLinks(server);
        var stateWriter = new RuntimeStateWriter(_context, server);
        var publisher = new MirrorStatusPublisher(server.Services.GetService<IEventBus>());
        Parts? parts = null;
        var mirror = new MirrorService(() => settings.Mirror, server.MirrorEndpoint, server.MirrorProxyProtocol, _context.Certificates, _context.LoggerFactory, snapshot =>
        {
            stateWriter.Write(snapshot);
            publisher.Publish(Status(parts!, snapshot));
        });
        parts = new Parts(settings, mirror, links, stateWriter);
        _parts = parts;
    }

    /// <summary>Starts the mirror when the settings enable it. A failure is kept as the status (red), not thrown.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => Started.Mirror.ReconcileAsync(cancellationToken);

    public MirrorStatus GetMirrorStatus() => Status(Started, Started.Mirror.Current);

    public Task SetMirrorEnabledAsync(bool enabled, CancellationToken cancellationToken = default)
    {
        Started.Settings.SetMirrorEnabled(enabled);
        return Started.Mirror.ReconcileAsync(cancellationToken);
    }

    public Task SetMirrorPortAsync(int port, CancellationToken cancellationToken = default)
    {
        Started.Settings.SetMirrorPort(port);
        return Started.Mirror.ReconcileAsync(cancellationToken);
    }

    public DesktopSettingsView GetSettings() => Started.Settings.View;

    public Task UpdateSettingsAsync(DesktopSettingsView settings, CancellationToken cancellationToken = default)
    {
        Started.Settings.Update(settings);
        return Started.Mirror.ReconcileAsync(cancellationToken);
    }

    public string CreatePairingUrl() => Started.Links.CreatePairingUrl(Started.Mirror.Current);

    /// <summary>A one-time launch URL for the desktop listener.</summary>
    public string CreateLaunchUrl() => Started.Links.CreateLaunchUrl();

    public void RequestQuit() => _quit.Cancel();

    /// <summary>Stops the proxy (the listener closes at once) and hands the runtime state file to the shutdown.</summary>
    public async Task StopAsync()
    {
        if (_parts is { } parts)
        {
            parts.StateWriter.Stop();
            await parts.Mirror.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_parts is { } parts)
        {
            await parts.Mirror.DisposeAsync();
        }

        _quit.Dispose();
    }

    private static MirrorStatus Status(Parts parts, MirrorSnapshot mirror)
    {
        var credentials = parts.Settings.Credentials;
        return new MirrorStatus(
            mirror.State, mirror.Error, mirror.Port, mirror.BindAddress, parts.Links.DesktopUrl, DesktopLinks.LanUrls(mirror), credentials.Username, credentials.Password,
            TlsStatus(parts.Mirror.Certificates, parts.Settings.Mirror.Tls, mirror));
    }

    private static MirrorTlsStatus TlsStatus(Tls.MirrorCertificates? certificates, Server.Tls.MirrorTlsMode mode, MirrorSnapshot mirror)
    {
        if (certificates is null)
        {
            return new MirrorTlsStatus(Server.Tls.MirrorTlsMode.Off, null, null, null, null);
        }

        var expires = new DateTimeOffset(certificates.Certificate.NotAfter.ToUniversalTime());
        return certificates.Authority is { } authority
            ? new MirrorTlsStatus(mode, authority.Fingerprint, null, expires, DesktopLinks.TrustUrl(mirror))
            : new MirrorTlsStatus(mode, null, certificates.CertificateFile, expires, null);
    }

    private sealed record Parts(DesktopSettingsService Settings, MirrorService Mirror, DesktopLinks Links, RuntimeStateWriter StateWriter);
}
