using DeskMirror.Internal;

namespace DeskMirror.Orphans;

/// <summary>A process found listening on a port.</summary>
internal sealed record PortHolder(int Pid, string Name, ProcessInfo? Process)
{
    public override string ToString() => $"{Name} (pid {Pid})";
}
