using System.Text;

namespace DeskMirror.Server.Tests.Infrastructure;

/// <summary>Raw JSON bodies, so tests can send malformed ones too.</summary>
public static class Json
{
    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>JSON-escapes a string value (paths in bodies).</summary>
    public static string Quote(string value) => System.Text.Json.JsonSerializer.Serialize(value, JsonTestContext.Default.String);
}
