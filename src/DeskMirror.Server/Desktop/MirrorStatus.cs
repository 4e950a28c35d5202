namespace DeskMirror.Server.Desktop;

/// <summary>State shown by the status popover and sent as <c>mirror.status</c>; <see cref="Tls"/> is null where no desktop core reports it.</summary>
public sealed record MirrorStatus(
    MirrorState State,
    string? Error,
    int Port,
    string BindAddress,
    string DesktopUrl,
    IReadOnlyList<string> LanUrls,
    string Username,
    string Password,
    MirrorTlsStatus? Tls = null);

/// <summary>Green serving, grey off, red error.</summary>
public enum MirrorState
{
    Off,
    Serving,
    Error,
}
