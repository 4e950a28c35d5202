using System.Globalization;
using DeskMirror.Server.Desktop;
using DeskMirror.Server.Modes;
using DeskMirror.Web.Localization;
using Microsoft.Extensions.DependencyInjection;

namespace DeskMirror.Web.Workspace;

/// <summary>
/// What one browser tab (one circuit) is: its mode, set once from the listener the page was served on
/// (App.razor reads it from the request; the value travels to the circuit inside the protected component
/// state, which the browser cannot alter), its language (the one the document was served in), and the
/// desktop control when the host has one.
/// </summary>
internal sealed class UiContext(IServiceProvider services)
{
    private RequestMode? _mode;

    public RequestMode Mode => _mode ?? throw new InvalidOperationException("The UI mode was not set.");

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

    public void SetMode(RequestMode mode)
    {
        if (_mode is { } existing && existing != mode)
        {
            throw new InvalidOperationException("The UI mode of a circuit cannot change.");
        }

        _mode = mode;
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
