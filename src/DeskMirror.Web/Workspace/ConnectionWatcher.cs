using Microsoft.AspNetCore.Components.Server.Circuits;

namespace DeskMirror.Web.Workspace;

/// <summary>Tells the circuit's workspace when the browser came back after a lost connection, so it catches up.</summary>
internal sealed class ConnectionWatcher : CircuitHandler
{
    private int _connections;

    /// <summary>Raised when the connection is up again after having been down.</summary>
    public event Func<Task>? Reconnected;

    public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _connections) > 1 && Reconnected is { } handler)
        {
            await handler();
        }
    }
}
