namespace DeskMirror.Server.Sessions;

/// <summary>How a viewer wants a session's stream (see docs/sessions.md, "The stream").</summary>
/// <param name="From">
/// The output offset the viewer has drawn up to, or null for a fresh view. Framed: an offset within the newest
/// <see cref="SessionOptions.RingBytes"/> resumes byte-exactly; an older one, or none, starts with a snapshot.
/// Raw: the replay starts here (null: one ring's worth before the end).
/// </param>
/// <param name="Raw">Only binary output frames, every byte from <paramref name="From"/>; no snapshots, no control frames.</param>
/// <param name="Credit">Framed only: the viewer acknowledges what it has drawn and the server sends at most a window ahead.</param>
/// <param name="AcceptInput">Whether messages from the viewer may be typed into the session (the caller asked the mirror policy).</param>
public sealed record SessionStreamRequest(long? From, bool Raw, bool Credit, bool AcceptInput);
