using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using DeskMirror.Server.Auth;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;

namespace DeskMirror.Server.Tests.Devices;

/// <summary>
/// A browser on a LAN device, as the mirror listener sees it through the proxy: each of its connections starts with
/// a PROXY v2 header naming the device's address; it keeps its cookie and sends its User-Agent and Fetch Metadata.
/// </summary>
internal sealed class DeviceClient : IDisposable
{
    private readonly TestAppServer _server;
    private readonly SocketsHttpHandler _socketHandler;
    private readonly List<HttpMessageInvoker> _invokers = [];

    private DeviceClient(TestAppServer server, IPAddress address, string userAgent)
    {
        _server = server;
        Address = address;
        UserAgent = userAgent;
        _socketHandler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = Cookies,
            ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, address, cancellationToken),
        };
        Http = server.CreateClient(RequestMode.Mirror, authenticated: false, handler: _socketHandler);
        Http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
    }

    public IPAddress Address { get; }

    public string UserAgent { get; }

    public CookieContainer Cookies { get; } = new();

    public HttpClient Http { get; }

    public Uri Origin => _server.BaseAddress(RequestMode.Mirror);

    /// <summary>The device's mirror cookie, "name=value", or null.</summary>
    public string? Cookie => BrowserRequests.CookiePair(Cookies, Origin, AuthSchemes.MirrorCookieName);

    public static DeviceClient Create(TestAppServer server, string address, string userAgent)
        => new(server, IPAddress.Parse(address), userAgent);

    /// <summary>Signs in with the sign-in form.</summary>
    public async Task SignInWithPasswordAsync()
    {
        using var response = await Http.SendAsync(BrowserRequests.SignIn(Origin, _server.Credentials.Username, _server.Credentials.Password)).DefaultTimeout("sign in with the password");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotNull(Cookie);
    }

    /// <summary>Signs in with a pairing link the desktop mints.</summary>
    public async Task SignInWithPairingLinkAsync()
    {
        using var link = await _server.Desktop.PostAsync("/auth/pairing-link", null).DefaultTimeout("mint a pairing link");
        var path = JsonNode.Parse(await link.Content.ReadAsStringAsync())!["path"]!.GetValue<string>();
        using var response = await Http.SendAsync(BrowserRequests.Navigate(path)).DefaultTimeout("open the pairing link");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        Assert.NotNull(Cookie);
    }

    /// <summary>A script's GET, as a page would fetch it.</summary>
    public Task<HttpResponseMessage> FetchAsync(string path)
        => Http.SendAsync(BrowserRequests.Fetch(HttpMethod.Get, path)).DefaultTimeout($"device GET {path}");

    public Task<SseReader> OpenEventsAsync() => SseReader.OpenAsync(Http);

    /// <summary>A WebSocket to <paramref name="path"/> with the device's cookie and same-site Origin, over its own connection.</summary>
    public async Task<ClientWebSocket> OpenWebSocketAsync(string path)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Cookie", Cookie ?? throw new InvalidOperationException("not signed in"));
        socket.Options.SetRequestHeader("Origin", Origin.GetLeftPart(UriPartial.Authority));
        socket.Options.SetRequestHeader("User-Agent", UserAgent);
        socket.Options.CollectHttpResponseDetails = true;
        // Kept until the device is disposed: the WebSocket lives on the invoker's connection.
        var invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseCookies = false,
            ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, Address, cancellationToken),
        });
        _invokers.Add(invoker);
        try
        {
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{Origin.Port}{path}"), invoker, CancellationToken.None).DefaultTimeout($"WebSocket {path}");
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return socket;
    }

    public void Dispose()
    {
        Http.Dispose();
        foreach (var invoker in _invokers)
        {
            invoker.Dispose();
        }
    }

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, IPAddress device, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            await socket.SendAsync(ProxyV2.Header(new IPEndPoint(device, 40000 + Random.Shared.Next(20000))), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
