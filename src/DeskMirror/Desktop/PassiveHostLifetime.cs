using Microsoft.Extensions.Hosting;

namespace DeskMirror.Desktop;

/// <summary>
/// Replaces the console lifetime inside the app server: the desktop core owns Ctrl-C and SIGTERM and stops
/// the proxy before the server, so the server must not react to those signals on its own.
/// </summary>
internal sealed class PassiveHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
