using System.Text.Json.Serialization;
using DeskMirror.Desktop;

namespace DeskMirror.Runtime;

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(RuntimeState))]
[JsonSerializable(typeof(ControlStatusResponse))]
[JsonSerializable(typeof(ControlPairResponse))]
[JsonSerializable(typeof(ControlLaunchResponse))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;
