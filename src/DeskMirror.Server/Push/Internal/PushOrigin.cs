namespace DeskMirror.Server.Push.Internal;

/// <summary>
/// The part of an endpoint that may be logged: scheme, host and port. The path names the device's channel at the
/// push service (whoever has it can send to the device), so it never reaches a log line.
/// </summary>
internal static class PushOrigin
{
    public static string Of(string endpoint)
        => Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : "(not a URL)";
}
