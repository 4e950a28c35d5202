using DeskMirror.Server.Modes;
using DeskMirror.Web.Internal;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Web.Workspace;

/// <summary>
/// Binds a circuit's <see cref="UiContext"/> to the listener of the circuit's own hub connection. Blazor creates the
/// circuit handlers inside the hub invocation that adds the first root components, before any component exists, so
/// the mode is fixed before the page's markers are even read. A reconnection from a connection on the other
/// listener is refused (the circuit is ended).
/// </summary>
internal sealed class CircuitListenerBinder : CircuitHandler
{
    private readonly UiContext _ui;
    private readonly ILogger<CircuitListenerBinder> _logger;

    public CircuitListenerBinder(UiContext ui, ILogger<CircuitListenerBinder> logger)
    {
        _ui = ui;
        _logger = logger;
        if (ConnectionListener.Current is { } listener)
        {
            ui.BindListener(listener);
        }
        else
        {
            // Not created inside a hub invocation: nothing says which listener, so the one with fewer rights.
            Log.CircuitListenerUnknown(logger);
            ui.BindListener(RequestMode.Mirror);
        }
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (ConnectionListener.Current is { } listener && listener != _ui.Mode)
        {
            Log.CircuitReconnectRefused(_logger, _ui.Mode.Name(), listener.Name());
            throw new InvalidOperationException($"A {_ui.Mode.Name()} circuit cannot continue on a connection to the {listener.Name()} listener.");
        }

        return Task.CompletedTask;
    }
}
