using DeskMirror.Server.Modes;

namespace DeskMirror.Web.Workspace;

/// <summary>
/// The listener of the Blazor hub connection whose message is being handled, set by <see cref="ListenerHubFilter"/>
/// around every hub invocation. It flows into what the invocation starts (the circuit's services are created while
/// the first root components are added, inside that invocation), and nowhere else.
/// </summary>
internal static class ConnectionListener
{
    private static readonly AsyncLocal<RequestMode?> CurrentValue = new();

    /// <summary>Null outside a hub invocation.</summary>
    public static RequestMode? Current
    {
        get => CurrentValue.Value;
        set => CurrentValue.Value = value;
    }
}
