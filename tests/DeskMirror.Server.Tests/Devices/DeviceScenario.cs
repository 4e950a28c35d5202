using System.Net;
using System.Text.Json.Nodes;
using DeskMirror.Server.Tests.Infrastructure;

namespace DeskMirror.Server.Tests.Devices;

/// <summary>A server whose mirror listener requires the PROXY header (as behind the real proxy), and what device tests share.</summary>
internal static class DeviceScenario
{
    public const string AndroidChrome = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";

    public const string IPhoneSafari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1";

    public static TestAppServerOptions Options(TestAppServerOptions? overrides = null) => new()
    {
        MirrorProxyProtocol = true,
        Time = overrides?.Time,
        DataDirectory = overrides?.DataDirectory,
        ConfigureBuilder = overrides?.ConfigureBuilder,
    };

    public static Task<TestAppServer> StartAsync(TestAppServerOptions? overrides = null) => TestAppServer.StartAsync(Options(overrides));

    /// <summary>GET /device on the desktop listener (Basic).</summary>
    public static async Task<JsonArray> ListAsync(TestAppServer server)
    {
        using var response = await server.Desktop.GetAsync("/device").DefaultTimeout("GET /device");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /device: {(int)response.StatusCode} {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!.AsArray();
    }

    /// <summary>The listed device whose address is <paramref name="address"/>.</summary>
    public static async Task<JsonObject> FindAsync(TestAppServer server, string address)
        => (await ListAsync(server)).Single(d => d!["address"]?.GetValue<string>() == address)!.AsObject();

    /// <summary>A task session (<c>cat</c>, so it waits) in a fresh project folder, started on the desktop.</summary>
    public static async Task<string> StartSessionAsync(TestAppServer server)
    {
        var folder = Directory.CreateDirectory(Path.Combine(server.DataDirectory, "work-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        using var project = await server.Desktop.PostAsync("/project", Json.Body($"{{\"path\": {Json.Quote(folder)}}}")).DefaultTimeout("POST /project");
        project.EnsureSuccessStatusCode();
        var projectId = JsonNode.Parse(await project.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        using var session = await server.Desktop.PostAsync(
            "/session", Json.Body($$"""{"projectId": {{Json.Quote(projectId)}}, "kind": "task", "command": "cat", "mirrorInput": false}""")).DefaultTimeout("POST /session");
        Assert.Equal(HttpStatusCode.Created, session.StatusCode);
        return JsonNode.Parse(await session.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
    }
}
