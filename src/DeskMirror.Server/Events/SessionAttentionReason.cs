using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeskMirror.Server.Events;

/// <summary>Why a session needs its person; written <c>"notification"</c>, <c>"bell"</c>, <c>"input"</c>, <c>"idle"</c>, <c>"exited"</c>.</summary>
[JsonConverter(typeof(SessionAttentionReasonJsonConverter))]
public enum SessionAttentionReason
{
    /// <summary>The program asked for a desktop notification (OSC 9 / 777).</summary>
    Notification,

    /// <summary>The program rang the terminal bell.</summary>
    Bell,

    /// <summary>The program waits for input.</summary>
    Input,

    /// <summary>The program has been quiet for a while.</summary>
    Idle,

    /// <summary>The program ended.</summary>
    Exited,
}

/// <summary>Reads and writes <see cref="SessionAttentionReason"/> in camelCase; numbers are refused.</summary>
public sealed class SessionAttentionReasonJsonConverter()
    : JsonStringEnumConverter<SessionAttentionReason>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);
