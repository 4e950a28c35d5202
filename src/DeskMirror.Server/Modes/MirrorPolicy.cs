using DeskMirror.Server.Sessions;

namespace DeskMirror.Server.Modes;

/// <summary>
/// The one place that says what each mode may do (DESIGN.md, "Modes and what each may do").
/// Endpoints ask here; the UI asks here to leave out what the server would refuse.
/// </summary>
public static class MirrorPolicy
{
    /// <summary>Terminal sessions do not exist for the mirror: absent from lists, 404 on every route.</summary>
    public static bool CanSeeSession(RequestMode mode, SessionInfo session)
        => mode == RequestMode.Desktop || session.Kind != SessionKind.Terminal;

    /// <summary>The mirror may type only into sessions created with <c>mirrorInput: true</c>.</summary>
    public static bool CanTypeInto(RequestMode mode, SessionInfo session)
        => mode == RequestMode.Desktop || (session.Kind != SessionKind.Terminal && session.MirrorInput);

    /// <summary>Stopping is allowed to both, except terminals on the mirror (which it cannot see).</summary>
    public static bool CanStop(RequestMode mode, SessionInfo session) => CanSeeSession(mode, session);

    /// <summary>Resizing a PTY belongs to the desktop; a mirror view scales or scrolls instead.</summary>
    public static bool CanResize(RequestMode mode) => mode == RequestMode.Desktop;

    /// <summary>Creating sessions, opening terminals, removing sessions.</summary>
    public static bool CanManageSessions(RequestMode mode) => mode == RequestMode.Desktop;

    /// <summary>Adding or removing projects.</summary>
    public static bool CanManageProjects(RequestMode mode) => mode == RequestMode.Desktop;

    /// <summary><c>PUT /mirror/sidebar</c>: the sync is one-way, desktop to mirror.</summary>
    public static bool CanWriteSidebar(RequestMode mode) => mode == RequestMode.Desktop;

    /// <summary>Settings, starting or stopping the mirror, pairing links, quitting.</summary>
    public static bool CanChangeSettings(RequestMode mode) => mode == RequestMode.Desktop;
}
