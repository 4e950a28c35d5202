using System.Text.Json.Serialization;

namespace DeskMirror.Web.Pwa;

/// <summary>Source-generated JSON of the manifest (its member names are spelled out on the record).</summary>
[JsonSerializable(typeof(WebManifest))]
internal sealed partial class PwaJsonContext : JsonSerializerContext;
