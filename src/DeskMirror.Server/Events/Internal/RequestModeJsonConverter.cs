using System.Text.Json;
using System.Text.Json.Serialization;
using DeskMirror.Server.Modes;

namespace DeskMirror.Server.Events.Internal;

/// <summary>Writes <see cref="RequestMode"/> as <c>"desktop"</c> and <c>"mirror"</c>.</summary>
internal sealed class RequestModeJsonConverter() : JsonStringEnumConverter<RequestMode>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);
