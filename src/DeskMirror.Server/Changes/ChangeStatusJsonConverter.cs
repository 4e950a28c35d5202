using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeskMirror.Server.Changes;

/// <summary>Writes <see cref="ChangeStatus"/> in camelCase.</summary>
public sealed class ChangeStatusJsonConverter() : JsonStringEnumConverter<ChangeStatus>(JsonNamingPolicy.CamelCase);
