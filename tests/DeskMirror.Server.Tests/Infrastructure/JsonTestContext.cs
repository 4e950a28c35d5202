using System.Text.Json.Serialization;

namespace DeskMirror.Server.Tests.Infrastructure;

[JsonSerializable(typeof(string))]
internal sealed partial class JsonTestContext : JsonSerializerContext;
