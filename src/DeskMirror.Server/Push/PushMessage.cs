namespace DeskMirror.Server.Push;

/// <summary>
/// What a device is told. Sent encrypted as the JSON <c>{ "sessionId", "title", "reason", "message", "url" }</c>;
/// the service worker shows <see cref="Title"/> with <see cref="Message"/> as the body, replaces an earlier
/// notification of the same session, and opens <see cref="Url"/> on a tap.
/// </summary>
/// <param name="SessionId">The session the message is about; one notification per session on a device.</param>
/// <param name="Title">The notification's title, e.g. the session's title.</param>
/// <param name="Reason">Why: <c>notification</c>, <c>bell</c>, <c>input</c>, <c>idle</c> or <c>exited</c>.</param>
/// <param name="Message">The body text, e.g. the program's own words; null shows the reason.</param>
/// <param name="Url">A path on this server (starting with one <c>/</c>), e.g. <c>/s/{id}</c>; it opens on the device's own origin.</param>
public sealed record PushMessage(string SessionId, string Title, string Reason, string? Message, string Url);
