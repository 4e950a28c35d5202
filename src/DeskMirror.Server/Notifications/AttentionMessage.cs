using System.Text.Json;
using DeskMirror.Server.Events;
using DeskMirror.Server.Sessions;

namespace DeskMirror.Server.Notifications;

/// <summary>
/// What a notification about a session's attention says, the same for a Web Push and a page's own notification: the
/// session's title and project as the title, the program's words (or how it ended, or its prompt) as the body.
/// </summary>
public static class AttentionMessage
{
    /// <summary>The title: <c>build · my-app</c>, or the session's title alone when its project is not known.</summary>
    public static string Title(SessionInfo session, string? projectName)
    {
        ArgumentNullException.ThrowIfNull(session);
        return string.IsNullOrWhiteSpace(projectName) ? session.Title : $"{session.Title} · {projectName}";
    }

    /// <summary>
    /// The body: <paramref name="message"/>, or when the program gave none (a bell, an empty screen) a symbol for the
    /// reason. A push is written once for every device, whatever language each one reads, so the server never falls
    /// back on an English word; the page, which knows its language, uses its own words instead.
    /// </summary>
    public static string Body(SessionAttentionReason reason, string? message)
        => string.IsNullOrWhiteSpace(message) ? Symbol(reason) : message;

    /// <summary>The reason as the API writes it: <c>notification</c>, <c>bell</c>, <c>input</c>, <c>idle</c>, <c>exited</c>.</summary>
    public static string Name(SessionAttentionReason reason) => JsonNamingPolicy.CamelCase.ConvertName(reason.ToString());

    /// <summary>A language-neutral mark of the reason.</summary>
    public static string Symbol(SessionAttentionReason reason) => reason switch
    {
        SessionAttentionReason.Notification => "💬",
        SessionAttentionReason.Bell => "🔔",
        SessionAttentionReason.Input => "⌨️ …",
        SessionAttentionReason.Idle => "⏸️",
        SessionAttentionReason.Exited => "⏹️",
        _ => "•",
    };
}
