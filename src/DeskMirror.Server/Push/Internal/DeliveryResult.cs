namespace DeskMirror.Server.Push.Internal;

/// <summary>How one delivery to one device ended.</summary>
internal enum DeliveryResult
{
    /// <summary>The push service accepted the message (201, or 200/202 from some services).</summary>
    Delivered,

    /// <summary>404 or 410: the subscription no longer exists; it is removed.</summary>
    Gone,

    /// <summary>Anything else: another status, a network error, a timeout.</summary>
    Failed,
}
