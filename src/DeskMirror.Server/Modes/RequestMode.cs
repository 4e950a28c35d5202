namespace DeskMirror.Server.Modes;

/// <summary>Which listener a request arrived on, and so what it may do.</summary>
public enum RequestMode
{
    Desktop,
    Mirror,
}
