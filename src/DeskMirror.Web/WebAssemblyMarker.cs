namespace DeskMirror.Web;

/// <summary>Anchor type for the UI assembly (component discovery and static assets).</summary>
public sealed class WebAssemblyMarker
{
}
