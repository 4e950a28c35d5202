using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using DeskMirror.Credentials;
using DeskMirror.Desktop;
using DeskMirror.Runtime;
using DeskMirror.Server.Desktop;
using DeskMirror.Server.Events;
using DeskMirror.Server.Hosting;
using DeskMirror.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeskMirror.Tests.Desktop;

/// <summary>The desktop façade and its parts in process, in front of a real app server on loopback.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes them through IAsyncLifetime.DisposeAsync.")]
public sealed class DesktopControlTests : IAsyncLifetime
{
    private const string Secret = "control-secret";
    private readonly TempFolder _folder = new();
    private readonly Channel<MirrorStatusEvent> _events = Channel.CreateUnbounded<MirrorStatusEvent>();
    private readonly int _firstPort = TestPorts.PickUnused();
    private SettingsStore _store = null!;
    private DesktopControl _controller = null!;
    private AppServer _server = null!;
    private IDisposable? _subscription;

    public async Task InitializeAsync()
    {
        _store = new SettingsStore(_folder.Combine("settings.json"));
        var credentials = new ResolvedCredentials("ana", new(CredentialSourceKind.Default), "first-pw", new(CredentialSourceKind.Default));
        _controller = new DesktopControl(new DesktopContext
        {
            Store = _store,
            // mDNS off: it would send multicast onto the machine's network.
            Effective = new DeskMirrorSettings { MirrorEnabled = true, Port = _firstPort, BindAddress = "127.0.0.1", Mdns = false },
            Credentials = credentials,
            RuntimeFile = new RuntimeStateFile(_folder.Combine("data")),
            ControlSecret = Secret,
            StartedAt = DateTimeOffset.Now,
            LoggerFactory = NullLoggerFactory.Instance,
        });
        _server = await AppServer.StartAsync(new AppServerOptions
        {
            DataDirectory = _folder.Combine("data"),
            Credentials = credentials.ToServerCredentials(),
            ConfigureBuilder = builder => builder.Services.AddSingleton<IDesktopControl>(_controller),
            ConfigureApp = app => app.MapControlEndpoints(_controller, Secret),
        }).DefaultTimeout("app server start");
        _controller.Attach(_server);
        _subscription = _server.Services.GetRequiredService<IEventBus>().Subscribe(e =>
        {
            if (e is MirrorStatusEvent status)
            {
                _events.Writer.TryWrite(status);
            }
        });
        await _controller.StartAsync().DefaultTimeout("mirror start");
    }

    public async Task DisposeAsync()
    {
        _subscription?.Dispose();
        await _controller.DisposeAsync();
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Start_Enabled_ServesThroughTheProxyAndPublishesDesktopOnlyStatus()
    {
        var status = _controller.GetMirrorStatus();
        Assert.Equal(MirrorState.Serving, status.State);
        Assert.Equal($"http://127.0.0.1:{_server.DesktopEndpoint.Port}/", status.DesktopUrl);
        Assert.Equal(_firstPort, status.Port);
        Assert.True(await AnswersAsync(_firstPort, "first-pw"));
        var published = await _events.Reader.ReadAsync().AsTask().DefaultTimeout("the first mirror.status");
        Assert.Equal(EventAudience.DesktopOnly, published.Audience);
        Assert.Equal(MirrorState.Serving, published.State);
        Assert.DoesNotContain("first-pw", published.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetMirrorPort_AtRunTime_MovesTheMirrorSavesItAndTellsTheUi()
    {
        await DrainAsync();
        var second = TestPorts.PickUnused();

        await _controller.SetMirrorPortAsync(second).DefaultTimeout("port change");

        Assert.False(await TestPorts.AcceptsAsync(_firstPort));
        Assert.True(await AnswersAsync(second, "first-pw"));
        Assert.Equal(second, _store.Load().Settings.Port);
        Assert.Equal(second, new RuntimeStateFile(_folder.Combine("data")).Read()?.MirrorPort);
        var published = await _events.Reader.ReadAsync().AsTask().DefaultTimeout("mirror.status after the port change");
        Assert.Equal(second, published.Port);
    }

    [Fact]
    public async Task SetMirrorEnabled_OffThenOn_ClosesAndReopensThePort()
    {
        await DrainAsync();

        await _controller.SetMirrorEnabledAsync(false).DefaultTimeout("mirror off");
        Assert.Equal(MirrorState.Off, _controller.GetMirrorStatus().State);
        Assert.False(await TestPorts.AcceptsAsync(_firstPort));
        Assert.Equal(MirrorState.Off, (await _events.Reader.ReadAsync().AsTask().DefaultTimeout("mirror.status off")).State);
        Assert.False(_store.Load().Settings.MirrorEnabled);
        Assert.Null(new RuntimeStateFile(_folder.Combine("data")).Read()?.MirrorPort);

        await _controller.SetMirrorEnabledAsync(true).DefaultTimeout("mirror on");
        Assert.True(await AnswersAsync(_firstPort, "first-pw"));
        Assert.Equal(MirrorState.Serving, (await _events.Reader.ReadAsync().AsTask().DefaultTimeout("mirror.status on")).State);
    }

    [Fact]
    public async Task SetMirrorPort_HeldPort_IsAnErrorWithTheReasonAndTheDesktopStays()
    {
        await DrainAsync();
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        holder.Listen();
        var held = ((IPEndPoint)holder.LocalEndPoint!).Port;

        await _controller.SetMirrorPortAsync(held).DefaultTimeout("port change to a held port");

        var status = _controller.GetMirrorStatus();
        Assert.Equal(MirrorState.Error, status.State);
        Assert.Equal($"port {held} is held by {Internal.ProcessInfo.Read(Environment.ProcessId)!.Name} (pid {Environment.ProcessId}); choose another with --port", status.Error);
        var published = await _events.Reader.ReadAsync().AsTask().DefaultTimeout("mirror.status error");
        Assert.Equal(MirrorState.Error, published.State);
        Assert.Equal(status.Error, published.Error);
        Assert.True(await AnswersAsync(_server.DesktopEndpoint.Port, "first-pw"));
    }

    [Fact]
    public async Task UpdateSettings_NewPassword_TakesEffectAndIsSavedWithMode0600()
    {
        var current = _controller.GetSettings();

        await _controller.UpdateSettingsAsync(current with { Password = "second-pw", Language = "de" }).DefaultTimeout("settings update");

        Assert.False(await AnswersAsync(_firstPort, "first-pw"));
        Assert.True(await AnswersAsync(_firstPort, "second-pw"));
        var saved = _store.Load().Settings;
        Assert.Equal(("second-pw", "de"), (saved.Password, saved.Language));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_store.FilePath));
        Assert.Equal("second-pw", _controller.GetMirrorStatus().Password);
    }

    [Fact]
    public async Task UpdateSettings_LanguageOnly_DoesNotCopyCredentialsFromElsewhereIntoTheFile()
    {
        await _controller.UpdateSettingsAsync(_controller.GetSettings() with { Language = "ja" }).DefaultTimeout("settings update");

        var saved = _store.Load().Settings;
        Assert.Equal("ja", saved.Language);
        Assert.Null(saved.Username);
        Assert.Null(saved.Password);
        Assert.True(await AnswersAsync(_firstPort, "first-pw"));
    }

    [Fact]
    public async Task UpdateSettings_Invalid_IsRefusedAndNothingChanges()
    {
        var current = _controller.GetSettings();

        await Assert.ThrowsAsync<ArgumentException>(() => _controller.UpdateSettingsAsync(current with { Password = "" })).DefaultTimeout("refused update");
        await Assert.ThrowsAsync<ArgumentException>(() => _controller.UpdateSettingsAsync(current with { BindAddress = "nowhere" })).DefaultTimeout("refused update");
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _controller.SetMirrorPortAsync(0)).DefaultTimeout("refused port");

        Assert.Equal(current, _controller.GetSettings());
        Assert.True(await AnswersAsync(_firstPort, "first-pw"));
    }

    [Fact]
    public async Task ControlEndpoints_OnlyTheDesktopListenerWithTheSecret()
    {
        using var http = new HttpClient();
        async Task<HttpStatusCode> PairAsync(int port, string? secret)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{port}/_deskmirror/control/pair"));
            if (secret is not null)
            {
                request.Headers.Add(ControlEndpoints.SecretHeader, secret);
            }

            using var response = await http.SendAsync(request).DefaultTimeout("POST pair");
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await PairAsync(_server.DesktopEndpoint.Port, Secret));
        Assert.Equal(HttpStatusCode.NotFound, await PairAsync(_server.DesktopEndpoint.Port, "guess"));
        Assert.Equal(HttpStatusCode.NotFound, await PairAsync(_server.DesktopEndpoint.Port, null));
        Assert.Equal(HttpStatusCode.NotFound, await PairAsync(_server.MirrorEndpoint.Port, Secret));
        Assert.Equal(HttpStatusCode.NotFound, await PairAsync(_firstPort, Secret));
    }

    [Fact]
    public void RequestQuit_CancelsTheQuitToken()
    {
        _controller.RequestQuit();

        Assert.True(_controller.QuitRequested.IsCancellationRequested);
    }

    private async Task DrainAsync()
    {
        // The start published one status; later assertions read the next ones.
        await _events.Reader.ReadAsync().AsTask().DefaultTimeout("the start's mirror.status");
    }

    private static async Task<bool> AnswersAsync(int port, string password)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"ana:{password}")));
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/project"));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
