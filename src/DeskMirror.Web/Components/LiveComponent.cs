using DeskMirror.Web.Workspace;
using Microsoft.AspNetCore.Components;

namespace DeskMirror.Web.Components;

/// <summary>
/// A component that re-renders when something changes elsewhere (the event bus, another tab, another
/// device, a timer). Such a change arrives on the thread that made it, carrying that thread's culture:
/// <see cref="Refresh"/> renders in this circuit's own language instead. Subscribe <see cref="Refresh"/>
/// itself to the change, and do any work before the render in <see cref="OnRefresh"/>.
/// </summary>
public abstract class LiveComponent : ComponentBase
{
    [Inject]
    private UiContext Circuit { get; set; } = default!;

    /// <summary>Re-renders on this circuit's dispatcher, in this circuit's culture; safe from any thread.</summary>
    protected void Refresh() => _ = InvokeAsync(() =>
    {
        using var scope = Circuit.EnterCulture();
        OnRefresh();
        StateHasChanged();
    });

    /// <summary>Runs before each <see cref="Refresh"/> render, in the circuit's culture.</summary>
    protected virtual void OnRefresh()
    {
    }
}
