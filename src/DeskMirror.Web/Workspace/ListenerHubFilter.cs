using DeskMirror.Server.Modes;
using Microsoft.AspNetCore.SignalR;

namespace DeskMirror.Web.Workspace;

/// <summary>
/// Hub filter on the Blazor hub: each invocation (start a circuit, add its components, reconnect to one) runs with
/// <see cref="ConnectionListener.Current"/> set from the hub connection's own HTTP request, i.e. from the listener
/// the browser's WebSocket arrived on, never from anything the browser sends.
/// </summary>
internal sealed class ListenerHubFilter : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        ConnectionListener.Current = invocationContext.Context.GetHttpContext()?.GetRequestMode() ?? RequestMode.Mirror;
        return await next(invocationContext);
    }
}
