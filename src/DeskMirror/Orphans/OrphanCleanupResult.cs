namespace DeskMirror.Orphans;

/// <summary>Whether the port was freed, who held it, and the one line to show.</summary>
internal sealed record OrphanCleanupResult(bool Freed, PortHolder? Holder, string Message);
