using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeskMirror.Server.Sessions;

/// <summary>Writes <see cref="SessionStatus"/> as <c>"running"</c>, <c>"exited"</c>, <c>"failed"</c>, <c>"stopped"</c>.</summary>
public sealed class SessionStatusJsonConverter() : JsonStringEnumConverter<SessionStatus>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);
