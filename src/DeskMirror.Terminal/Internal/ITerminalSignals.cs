namespace DeskMirror.Terminal.Internal;

/// <summary>What the state machine reports while it parses, in byte order, on the feeding thread.</summary>
internal interface ITerminalSignals
{
    void Bell();

    void Notification(TerminalNotification notification);

    void TitleChanged(string title);
}
