namespace DeskMirror.Server.Modes;

/// <summary>
/// The one spelling of each mode, <c>"desktop"</c> and <c>"mirror"</c>: in JSON, the database, claims, log
/// lines and messages.
/// </summary>
public static class RequestModeNames
{
    public const string Desktop = "desktop";

    public const string Mirror = "mirror";

    public static string Name(this RequestMode mode) => mode == RequestMode.Desktop ? Desktop : Mirror;

    /// <summary>The mode a stored name stands for; anything but <c>"desktop"</c> is the mirror, the lesser right.</summary>
    public static RequestMode Parse(string name) => name == Desktop ? RequestMode.Desktop : RequestMode.Mirror;
}
