using DeskMirror.Server.Desktop;

namespace DeskMirror.Desktop;

/// <summary>
/// Where the mirror's proxy is: serving on <see cref="Port"/>, off, or failed with <see cref="Error"/>; <see cref="Https"/>
/// when its port speaks TLS (its URLs are https).
/// </summary>
internal sealed record MirrorSnapshot(MirrorState State, string? Error, int Port, string BindAddress, bool Https = false)
{
    public bool IsServing => State == MirrorState.Serving;
}
