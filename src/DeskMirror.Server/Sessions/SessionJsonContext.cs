using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeskMirror.Server.Sessions;

/// <summary>Source-generated JSON for the session API (camelCase, web defaults).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SessionInfo))]
[JsonSerializable(typeof(IReadOnlyList<SessionInfo>))]
[JsonSerializable(typeof(CreateSessionRequest))]
[JsonSerializable(typeof(SessionInputRequest))]
[JsonSerializable(typeof(SessionResizeRequest))]
[JsonSerializable(typeof(SessionScreen))]
public sealed partial class SessionJsonContext : JsonSerializerContext;
