using System.Net.Http.Json;
using System.Text.Json;

namespace DeskMirror.Bench.Sessions;

internal sealed partial class BenchServer
{
    /// <summary>The mirror's address, as a phone on the LAN reaches it (no proxy in front here).</summary>
    public Uri MirrorBase => new($"http://127.0.0.1:{_server.MirrorEndpoint.Port}/");

    /// <summary>A one-time pairing link for the mirror, as the desktop's QR code holds (<c>POST /auth/pairing-link</c>).</summary>
    public async Task<Uri> CreatePairingUrlAsync()
    {
        using var client = Client();
        using var response = await client.PostAsync(new Uri("/auth/pairing-link", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        using var body = await response.Content.ReadFromJsonAsync<JsonDocument>() ?? throw new InvalidOperationException("the pairing link came without a body");
        return new Uri(MirrorBase, body.RootElement.GetProperty("path").GetString());
    }

    /// <summary>The server's screen of a session as text rows (<c>GET /session/{id}/screen</c>).</summary>
    public async Task<string[]> ReadScreenAsync(string id)
    {
        using var client = Client();
        using var screen = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/session/{id}/screen", UriKind.Relative)));
        return [.. screen.RootElement.GetProperty("lines").EnumerateArray().Select(l => l.GetString() ?? "")];
    }
}
