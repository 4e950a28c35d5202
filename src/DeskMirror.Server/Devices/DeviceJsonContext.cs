using System.Text.Json;
using System.Text.Json.Serialization;
using DeskMirror.Server.Events.Internal;

namespace DeskMirror.Server.Devices;

/// <summary>Source-generated JSON for <c>GET /device</c> (camelCase, web defaults, nulls written).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(RequestModeJsonConverter)])]
[JsonSerializable(typeof(DeviceInfo))]
[JsonSerializable(typeof(IReadOnlyList<DeviceInfo>))]
public sealed partial class DeviceJsonContext : JsonSerializerContext;
