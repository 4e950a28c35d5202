namespace DeskMirror.Server.Push;

/// <summary>Which subscribed devices a message may reach, by the listener each device subscribed on.</summary>
public enum PushAudience
{
    /// <summary>Only devices subscribed on the desktop listener: for what the mirror may not see (terminal sessions).</summary>
    DesktopOnly,

    /// <summary>Devices subscribed on either listener.</summary>
    AllDevices,
}
