using System.Globalization;
using DeskMirror.Server.Desktop;
using DeskMirror.Server.Modes;
using DeskMirror.Web.Internal;
using DeskMirror.Web.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Web.Workspace;

/// <summary>
/// What one browser tab (one circuit) is: its mode, bound once to the listener of the tab's own connection — the
/// page request while prerendering (App.razor), the Blazor hub connection in the circuit
/// (<see cref="CircuitListenerBinder"/>) — its language (the one the document was served in), and the desktop
/// control when the host has one. The mode the page's component markers carry is only checked against it: a page
/// rendered by one listener and replayed to the other (a leaked desktop page served to a mirror browser) is
/// refused, never obeyed.
/// </summary>
internal sealed class UiContext(IServiceProvider services, ILogger<UiContext> logger)
{
    private RequestMode? _mode;

    public RequestMode Mode => _mode ?? throw new InvalidOperationException("The UI mode was not bound to a listener.");

    public bool IsDesktop => Mode == RequestMode.Desktop;

    public bool IsMirror => Mode == RequestMode.Mirror;

    /// <summary>The desktop core's control; null on the mirror and where the host has none.</summary>
    public IDesktopControl? Desktop => IsDesktop ? services.GetService<IDesktopControl>() : null;

    /// <summary>The name of the mirrored host, shown on the mirror's badge.</summary>
    public string HostName { get; } = Environment.MachineName;

    /// <summary>
    /// The circuit's language: the one its document was served in. Every render of this circuit uses it,
    /// whatever thread, request or other circuit caused the render; null until the circuit set it.
    /// </summary>
    public CultureInfo? Culture { get; private set; }

    /// <summary>Binds the tab to the listener its connection arrived on; once, and never to the other one.</summary>
    public void BindListener(RequestMode listener)
    {
        if (_mode is { } existing && existing != listener)
        {
            throw new InvalidOperationException("The UI mode of a circuit cannot change.");
        }

        _mode = listener;
    }

    /// <summary>True when the mode in the page's markers is the listener's; false (and logged) when the page came from the other listener.</summary>
    public bool AcceptsPageMode(RequestMode pageMode)
    {
        if (pageMode == Mode)
        {
            return true;
        }

        Log.CircuitMarkersRefused(logger, Mode.Name(), pageMode.Name());
        return false;
    }

    /// <summary>Fixes the circuit's language (the first value wins) and applies it to the current flow.</summary>
    public void SetCulture(string? name)
    {
        Culture ??= UiCultures.Normalize(name) is { } supported ? CultureInfo.GetCultureInfo(supported) : CultureInfo.GetCultureInfo(UiCultures.Default);
        CultureScope.Apply(Culture);
    }

    /// <summary>Runs the following block in the circuit's language (no change before it is set).</summary>
    public CultureScope EnterCulture() => CultureScope.Enter(Culture);
}
