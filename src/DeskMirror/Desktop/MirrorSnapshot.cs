using DeskMirror.Server.Desktop;

namespace DeskMirror.Desktop;

/// <summary>Where the mirror's proxy is: serving on <see cref="Port"/>, off, or failed with <see cref="Error"/>.</summary>
internal sealed record MirrorSnapshot(MirrorState State, string? Error, int Port, string BindAddress)
{
    public bool IsServing => State == MirrorState.Serving;
}
