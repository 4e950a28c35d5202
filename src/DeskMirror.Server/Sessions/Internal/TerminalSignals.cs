using DeskMirror.Terminal;

namespace DeskMirror.Server.Sessions.Internal;

/// <summary>What the emulator raised while it parsed one chunk: a bell, and the newest notification.</summary>
internal readonly record struct TerminalSignals(bool Bell, TerminalNotification? Notification)
{
    public bool Any => Bell || Notification is not null;
}
