using DeskMirror.Server.Events;

namespace DeskMirror.Server.Sessions;

/// <summary>
/// A session needs its person: <c>{ "reason", "message", "since" }</c>. <paramref name="Message"/> is the program's
/// own text (a notification), the prompt it shows (input, idle), how it ended (exited), or null (bell).
/// </summary>
public sealed record SessionAttention(SessionAttentionReason Reason, string? Message, DateTimeOffset Since);
