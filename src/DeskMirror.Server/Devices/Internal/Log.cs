using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Devices.Internal;

/// <summary>Log lines about signed-in devices. A device is named by its public id and address, never by its cookie. Event ids 500–599; next free: 504.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 500, EventName = "DeviceSignedIn", Level = LogLevel.Information, Message = "Device {Id} signed in to the mirror via {Via}: {Device}")]
    internal static partial void SignedIn(ILogger logger, string id, string via, string device);

    [LoggerMessage(EventId = 501, EventName = "DeviceRemoved", Level = LogLevel.Information, Message = "Device {Id} ({Address}) signed out: {Reason}; {Aborted} open requests closed")]
    internal static partial void Removed(ILogger logger, string id, string address, string reason, int aborted);

    [LoggerMessage(EventId = 502, EventName = "DeviceLastSeenWriteFailed", Level = LogLevel.Warning, Message = "Could not store when device {Id} was last seen")]
    internal static partial void LastSeenWriteFailed(ILogger logger, Exception exception, string id);

    [LoggerMessage(EventId = 503, EventName = "DeviceRequestAfterEnd", Level = LogLevel.Debug, Message = "Closed a request of device {Id}: its sign-in ended while the request was starting")]
    internal static partial void RequestAfterEnd(ILogger logger, string id);
}
