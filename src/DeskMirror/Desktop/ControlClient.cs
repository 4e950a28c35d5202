using System.Net.Http.Json;
using DeskMirror.Runtime;

namespace DeskMirror.Desktop;

/// <summary>Talks to a running desktop's control endpoints, using the secret from its runtime state file.</summary>
internal sealed class ControlClient : IDisposable
{
    private readonly HttpClient _http;

    public ControlClient(RuntimeState state, TimeSpan? timeout = null)
    {
        _http = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{state.DesktopPort}{ControlEndpoints.Prefix}/"),
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
        };
        _http.DefaultRequestHeaders.Add(ControlEndpoints.SecretHeader, state.ControlSecret);
    }

    public async Task<ControlStatusResponse> GetStatusAsync(CancellationToken cancellationToken = default)
        => await _http.GetFromJsonAsync("status", RuntimeJsonContext.Default.ControlStatusResponse, cancellationToken)
            ?? throw new InvalidDataException("empty status response");

    public async Task<ControlPairResponse> PairAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsync(new Uri("pair", UriKind.Relative), null, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(RuntimeJsonContext.Default.ControlPairResponse, cancellationToken)
            ?? throw new InvalidDataException("empty pairing response");
    }

    /// <summary>A fresh one-time launch link for the desktop browser.</summary>
    public async Task<ControlLaunchResponse> LaunchAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsync(new Uri("launch", UriKind.Relative), null, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(RuntimeJsonContext.Default.ControlLaunchResponse, cancellationToken)
            ?? throw new InvalidDataException("empty launch response");
    }

    public async Task QuitAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsync(new Uri("quit", UriKind.Relative), null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _http.Dispose();
}
