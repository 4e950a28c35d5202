using DeskMirror.Server.Modes;
using DeskMirror.Server.Sessions;

namespace DeskMirror.Server.Push;

/// <summary>The usual call: tell the devices that a session needs its person.</summary>
public static class PushNotifierExtensions
{
    /// <summary>
    /// Queues a message about <paramref name="session"/>: <paramref name="title"/> (default: the session's title), the
    /// reason and message, and its page <c>/s/{id}</c>. A session the mirror may not see (a terminal) reaches
    /// desktop-subscribed devices only.
    /// </summary>
    public static void NotifySession(this IPushNotifier notifier, SessionInfo session, string reason, string? message, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        ArgumentNullException.ThrowIfNull(session);
        var audience = MirrorPolicy.CanSeeSession(RequestMode.Mirror, session) ? PushAudience.AllDevices : PushAudience.DesktopOnly;
        notifier.Notify(new PushMessage(session.Id, title ?? session.Title, reason, message, SessionPath(session.Id)), audience);
    }

    /// <summary>The UI's page of a session.</summary>
    public static string SessionPath(string sessionId) => "/s/" + Uri.EscapeDataString(sessionId);
}
