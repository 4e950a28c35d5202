using System.Text.Json;
using System.Text.Json.Serialization;
using DeskMirror.Server.Desktop;

namespace DeskMirror.Server.Http;

/// <summary>Writes <see cref="MirrorState"/> as <c>"off"</c>, <c>"serving"</c>, <c>"error"</c>.</summary>
public sealed class MirrorStateJsonConverter() : JsonStringEnumConverter<MirrorState>(JsonNamingPolicy.CamelCase);
