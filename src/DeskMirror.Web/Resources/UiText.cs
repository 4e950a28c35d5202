namespace DeskMirror.Web.Resources;

/// <summary>Marker type of the UI's string resources (UiText.resx and one UiText.{culture}.resx per language).</summary>
public sealed class UiText
{
    private UiText() { }
}
