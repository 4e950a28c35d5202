using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeskMirror.Server.Changes;

/// <summary>Source-generated JSON for the Changes API (camelCase, web defaults).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(ChangeStatusJsonConverter)])]
[JsonSerializable(typeof(ChangeSet))]
public sealed partial class ChangesJsonContext : JsonSerializerContext;
