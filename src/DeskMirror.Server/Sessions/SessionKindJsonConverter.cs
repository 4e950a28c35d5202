using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeskMirror.Server.Sessions;

/// <summary>Reads and writes <see cref="SessionKind"/> as <c>"task"</c> and <c>"terminal"</c>.</summary>
public sealed class SessionKindJsonConverter() : JsonStringEnumConverter<SessionKind>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);
