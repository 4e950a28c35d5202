using System.Net;

namespace DeskMirror.Server.Hosting;

/// <summary>The running app server with its two loopback listeners. CONTRACT SKELETON: the server issue implements it.</summary>
public sealed class AppServer : IAsyncDisposable
{
    private AppServer() { }

    /// <summary>Starts Kestrel on two loopback ports chosen by the OS and returns once both are bound.</summary>
    public static Task<AppServer> StartAsync(AppServerOptions options, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();

    /// <summary>The desktop listener (full rights).</summary>
    public IPEndPoint DesktopEndpoint => throw new NotImplementedException();

    /// <summary>The mirror listener (what the proxy forwards to).</summary>
    public IPEndPoint MirrorEndpoint => throw new NotImplementedException();

    /// <summary>The app's services (event bus, stores, sign-in links).</summary>
    public IServiceProvider Services => throw new NotImplementedException();

    /// <summary>Replaces the credentials; every signed-in browser session ends.</summary>
    public void UpdateCredentials(ServerCredentials credentials) => throw new NotImplementedException();

    /// <summary>A one-time sign-in link path for the mirror (single use, 5 minutes), e.g. <c>/auth/pair?token=…</c>.</summary>
    public string CreatePairingPath() => throw new NotImplementedException();

    /// <summary>A one-time launch path for the desktop listener, <c>/?token=…</c>.</summary>
    public string CreateLaunchPath() => throw new NotImplementedException();

    public Task StopAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public ValueTask DisposeAsync() => new(StopAsync());
}
