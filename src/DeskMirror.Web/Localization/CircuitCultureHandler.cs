using DeskMirror.Web.Workspace;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace DeskMirror.Web.Localization;

/// <summary>
/// Runs everything the browser sends a circuit (events, JS calls, navigation) in the circuit's own
/// language. The connection's request may name another one: after a reconnect, or when the language
/// setting changed after the page was served.
/// </summary>
internal sealed class CircuitCultureHandler(UiContext ui) : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next)
        => async context =>
        {
            using var scope = ui.EnterCulture();
            await next(context);
        };
}
