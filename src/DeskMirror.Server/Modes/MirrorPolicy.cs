using DeskMirror.Server.Events;
using DeskMirror.Server.Sessions;

namespace DeskMirror.Server.Modes;

/// <summary>
/// The one place that says what each mode may do (the modes table in docs/api.md).
/// Endpoints ask here; the UI asks here to leave out what the server would refuse.
/// A refusal names one of the <c>Rule…</c> constants in its 403 problem body (<c>"rule"</c>).
/// </summary>
public static class MirrorPolicy
{
    /// <summary>Creating or removing sessions, opening terminals.</summary>
    public const string RuleManageSessions = "mirror-cannot-manage-sessions";

    /// <summary>Typing into a session not created with <c>mirrorInput: true</c>.</summary>
    public const string RuleTypeInto = "mirror-input-not-allowed";

    /// <summary>Resizing a session's terminal.</summary>
    public const string RuleResize = "mirror-cannot-resize";

    /// <summary>Adding or removing projects.</summary>
    public const string RuleManageProjects = "mirror-cannot-manage-projects";

    /// <summary><c>PUT /mirror/sidebar</c>.</summary>
    public const string RuleWriteSidebar = "mirror-cannot-write-sidebar";

    /// <summary>Settings, mirror status and control, pairing links, quitting.</summary>
    public const string RuleChangeSettings = "mirror-cannot-change-settings";

    /// <summary>Listing or revoking the devices signed in to the mirror.</summary>
    public const string RuleManageDevices = "mirror-cannot-manage-devices";

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

    /// <summary>Listing the signed-in devices and sending one away belong to the desktop; the mirror never learns who else is signed in.</summary>
    public static bool CanManageDevices(RequestMode mode) => mode == RequestMode.Desktop;

    /// <summary>Whether a live event reaches a subscriber of this mode (desktop-only events, such as <c>mirror.status</c> and a terminal's, never reach the mirror).</summary>
    public static bool CanReceiveEvent(RequestMode mode, EventAudience audience) => mode == RequestMode.Desktop || audience == EventAudience.Everyone;

    /// <summary>The sentence a 403 problem body gives for a rule.</summary>
    public static string Describe(string rule) => rule switch
    {
        RuleManageSessions => "The mirror cannot create or remove sessions or open a terminal; do it on the desktop.",
        RuleTypeInto => "The mirror may type only into sessions created with mirrorInput: true.",
        RuleResize => "Only the desktop resizes a session's terminal.",
        RuleManageProjects => "The mirror cannot add or remove projects; do it on the desktop.",
        RuleWriteSidebar => "The sidebar syncs one way, desktop to mirror: the mirror cannot change it.",
        RuleChangeSettings => "The mirror cannot change settings, control the mirror or mint sign-in links.",
        RuleManageDevices => "The mirror cannot list or revoke signed-in devices; do it on the desktop.",
        _ => "The mirror is not allowed to do this.",
    };
}
