using Microsoft.Extensions.Logging;

namespace DeskMirror.Internal;

/// <summary>
/// Every log line of the executable (desktop core, mirror, TLS, mDNS), with fixed event ids 5000–5999; next free:
/// 5003 (desktop), 5103 (TLS), 5203 (mDNS). No line carries a password or token.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, EventName = "MirrorFailed", Level = LogLevel.Warning, Message = "Mirror could not start: {Reason}")]
    public static partial void MirrorFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 5002, EventName = "MirrorNotAdvertised", Level = LogLevel.Warning, Message = "mDNS: the mirror is not advertised on the LAN: {Reason}; the QR code and the printed addresses work as before")]
    public static partial void MirrorNotAdvertised(ILogger logger, string reason);

    [LoggerMessage(EventId = 5101, EventName = "CertificateReissued", Level = LogLevel.Information, Message = "Server certificate re-issued because {Reason}; valid until {NotAfter:u}")]
    public static partial void CertificateReissued(ILogger logger, string reason, DateTime notAfter);

    [LoggerMessage(EventId = 5102, EventName = "CertificateRefreshFailed", Level = LogLevel.Warning, Message = "Could not re-issue the server certificate; the current one stays in use")]
    public static partial void CertificateRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5201, EventName = "MdnsSendFailed", Level = LogLevel.Debug, Message = "mDNS: could not send on interface {Interface}: {Reason}")]
    public static partial void MdnsSendFailed(ILogger logger, int @interface, string reason);

    [LoggerMessage(EventId = 5202, EventName = "MdnsReceiveFailed", Level = LogLevel.Debug, Message = "mDNS: receive failed: {Reason}")]
    public static partial void MdnsReceiveFailed(ILogger logger, string reason);
}
