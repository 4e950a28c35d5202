namespace DeskMirror.Server.Notifications.Internal;

/// <summary>One step of the notifier, for tests and counters: which session, and what was done.</summary>
internal sealed record NotifyReport(string SessionId, NotifyDecision Decision);
