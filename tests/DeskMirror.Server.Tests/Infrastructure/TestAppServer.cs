using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Modes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DeskMirror.Server.Tests.Infrastructure;

/// <summary>
/// A real <see cref="AppServer"/> on two loopback ports, in a temp data folder, with known credentials and a short
/// heartbeat. Gives Basic-authenticated clients for each listener, cookie-jar "browser" clients and SSE readers.
/// Dispose it: the server stops and the folder is deleted.
/// </summary>
public sealed class TestAppServer : IAsyncDisposable
{
    public static readonly ServerCredentials DefaultCredentials = new("tester", "correct horse battery staple");

    private readonly TestAppServerOptions _options;
    private readonly bool _ownsDirectory;
    private readonly List<HttpClient> _clients = [];
    private HttpClient? _desktop;
    private HttpClient? _mirror;

    private TestAppServer(TestAppServerOptions options, string dataDirectory, bool ownsDirectory, AppServer server)
    {
        _options = options;
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
        Server = server;
    }

    public AppServer Server { get; private set; }

    public string DataDirectory { get; }

    public ServerCredentials Credentials => _options.Credentials ?? DefaultCredentials;

    /// <summary>The fake clock, when the options gave one.</summary>
    public FakeTimeProvider? Time => _options.Time;

    /// <summary>Basic-authenticated client on the desktop listener.</summary>
    public HttpClient Desktop => _desktop ??= CreateClient(RequestMode.Desktop);

    /// <summary>Basic-authenticated client on the mirror listener.</summary>
    public HttpClient Mirror => _mirror ??= CreateClient(RequestMode.Mirror);

    public static async Task<TestAppServer> StartAsync(TestAppServerOptions? options = null)
    {
        options ??= new TestAppServerOptions();
        var ownsDirectory = options.DataDirectory is null;
        var directory = options.DataDirectory ?? CreateTempDirectory();
        var server = await StartServerAsync(options, directory).DefaultTimeout("AppServer.StartAsync");
        return new TestAppServer(options, directory, ownsDirectory, server);
    }

    /// <summary>A fresh folder under the temp directory, for tests that manage their own data folder.</summary>
    public static string CreateTempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "deskmirror-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public T GetService<T>()
        where T : notnull => Server.Services.GetRequiredService<T>();

    public Uri BaseAddress(RequestMode mode)
    {
        var endpoint = mode == RequestMode.Desktop ? Server.DesktopEndpoint : Server.MirrorEndpoint;
        return new Uri($"http://127.0.0.1:{endpoint.Port}");
    }

    /// <summary>A client on one listener; Basic credentials unless <paramref name="credentials"/> is given or <paramref name="authenticated"/> is false.</summary>
    public HttpClient CreateClient(RequestMode mode, bool authenticated = true, ServerCredentials? credentials = null, HttpMessageHandler? handler = null)
    {
        var client = new HttpClient(handler ?? new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }, disposeHandler: true)
        {
            BaseAddress = BaseAddress(mode),
            Timeout = TaskTimeoutExtensions.DefaultTimeoutSpan,
        };
        if (authenticated || credentials is not null)
        {
            client.DefaultRequestHeaders.Authorization = Basic(credentials ?? Credentials);
        }

        _clients.Add(client);
        return client;
    }

    /// <summary>
    /// A "browser": a cookie jar, no automatic redirects, no Basic credentials, and the headers a browser sends
    /// (<c>Sec-Fetch-Mode</c>, <c>Accept: text/html</c> on navigations are added per request by the test).
    /// </summary>
    public HttpClient CreateBrowserClient(RequestMode mode, CookieContainer? cookies = null)
        => CreateClient(mode, authenticated: false, handler: new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = cookies ?? new CookieContainer(),
        });

    /// <summary>A client whose connections come from another loopback address (e.g. 127.0.0.2), for per-address throttling.</summary>
    public HttpClient CreateClientFrom(IPAddress source, RequestMode mode, bool authenticated = true, ServerCredentials? credentials = null)
        => CreateClient(mode, authenticated, credentials, new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        });

    /// <summary>
    /// A client of the mirror listener that starts every connection with a PROXY v2 header naming
    /// <paramref name="device"/>, as the proxy does for each device.
    /// </summary>
    public HttpClient CreateDeviceClient(IPAddress device, bool authenticated = true, ServerCredentials? credentials = null, bool tls = false)
        => CreateClient(RequestMode.Mirror, authenticated, credentials, new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    var source = new IPEndPoint(device, 40000 + Random.Shared.Next(20000));
                    await socket.SendAsync(tls ? ProxyV2.Header(source, null, ProxyV2.Ssl(clientSsl: true)) : ProxyV2.Header(source), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        });

    /// <summary>Opens <c>/event</c> on a listener with Basic credentials.</summary>
    public Task<SseReader> OpenEventsAsync(RequestMode mode, long? lastEventId = null)
        => SseReader.OpenAsync(CreateClient(mode), lastEventId);

    /// <summary>Stops the server and starts a new one on the same data folder (new ports).</summary>
    public async Task RestartAsync()
    {
        await Server.StopAsync().DefaultTimeout("AppServer.StopAsync (restart)");
        DisposeClients();
        Server = await StartServerAsync(_options, DataDirectory).DefaultTimeout("AppServer.StartAsync (restart)");
    }

    public static AuthenticationHeaderValue Basic(ServerCredentials credentials)
        => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}")));

    public async ValueTask DisposeAsync()
    {
        DisposeClients();
        await Server.StopAsync().DefaultTimeout("AppServer.StopAsync");
        if (_ownsDirectory)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open elsewhere; the temp folder is cleaned by the OS eventually.
            }
        }
    }

    private void DisposeClients()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _clients.Clear();
        _desktop = null;
        _mirror = null;
    }

    private static Task<AppServer> StartServerAsync(TestAppServerOptions options, string directory)
    {
        var defaults = new AppServerOptions { DataDirectory = directory, Credentials = DefaultCredentials };
        return AppServer.StartAsync(new AppServerOptions
        {
            DataDirectory = directory,
            Credentials = options.Credentials ?? DefaultCredentials,
            HeartbeatInterval = options.HeartbeatInterval,
            TimeProvider = (TimeProvider?)options.Time ?? TimeProvider.System,
            EventReplayCapacity = options.EventReplayCapacity ?? defaults.EventReplayCapacity,
            SubscriberQueueCapacity = options.SubscriberQueueCapacity ?? defaults.SubscriberQueueCapacity,
            MapDefaultSignInPage = options.MapDefaultSignInPage,
            CredentialKdfIterations = options.CredentialKdfIterations,
            AllowedHosts = options.AllowedHosts,
            MirrorProxyProtocol = options.MirrorProxyProtocol,
            MirrorProxyHeaderTimeout = options.MirrorProxyHeaderTimeout ?? defaults.MirrorProxyHeaderTimeout,
            ConfigureBuilder = builder =>
            {
                builder.Logging.ClearProviders();
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                options.ConfigureBuilder?.Invoke(builder);
            },
            ConfigureApp = options.ConfigureApp,
            ConfigurePublicMiddleware = options.ConfigurePublicMiddleware,
            MirrorTls = options.MirrorTls,
            CertificateAuthority = options.CertificateAuthority,
        });
    }
}
