using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Sessions;
using DeskMirror.Server.Sessions.Internal;
using DeskMirror.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DeskMirror.Server.Tests.Sessions;

/// <summary>A test server with one project folder, and helpers to drive sessions through the real API.</summary>
internal sealed class SessionHarness : IAsyncDisposable
{
    private SessionHarness(TestAppServer server, string projectDirectory, string projectId)
    {
        Server = server;
        ProjectDirectory = projectDirectory;
        ProjectId = projectId;
    }

    public TestAppServer Server { get; }

    public string ProjectDirectory { get; }

    public string ProjectId { get; }

    public SessionManager Manager => (SessionManager)Server.GetService<ISessionManager>();

    /// <summary>
    /// Terminals run /bin/sh here: the machine's own login files (a bashrc running pyenv, say) are not under test.
    /// <paramref name="configure"/> adjusts the session options further, <paramref name="configureBuilder"/> anything else.
    /// </summary>
    public static async Task<SessionHarness> StartAsync(
        Action<SessionOptions>? configure = null, string? dataDirectory = null, Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? configureBuilder = null)
    {
        var server = await TestAppServer.StartAsync(Options(configure, dataDirectory, configureBuilder));
        try
        {
            var directory = Directory.CreateDirectory(Path.Combine(server.DataDirectory, "project")).FullName;
            var projectId = await AddProjectAsync(server, directory);
            return new SessionHarness(server, directory, projectId);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public static TestAppServerOptions Options(
        Action<SessionOptions>? configure = null, string? dataDirectory = null, Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? configureBuilder = null) => new()
        {
            DataDirectory = dataDirectory,
            ConfigureBuilder = builder =>
            {
                builder.Services.Configure<SessionOptions>(options =>
                {
                    options.TerminalShell = "/bin/sh";
                    configure?.Invoke(options);
                });
                configureBuilder?.Invoke(builder);
            },
        };

    public static async Task<string> AddProjectAsync(TestAppServer server, string directory)
    {
        using var response = await server.Desktop.PostAsync("/project", Json.Body($$"""{"path":{{Json.Quote(directory)}}}""")).DefaultTimeout("POST /project");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>().DefaultTimeout("project body"))!["id"]!.GetValue<string>();
    }

    public HttpClient Client(RequestMode mode) => mode == RequestMode.Desktop ? Server.Desktop : Server.Mirror;

    public Task<HttpResponseMessage> PostCreateAsync(RequestMode mode, string body)
        => Client(mode).PostAsync("/session", Json.Body(body)).DefaultTimeout("POST /session");

    /// <summary>Creates a session on the desktop listener and returns its JSON.</summary>
    public async Task<JsonObject> CreateAsync(string? command, bool mirrorInput = false, string kind = "task", int? cols = null, int? rows = null)
    {
        var body = new JsonObject
        {
            ["projectId"] = ProjectId,
            ["kind"] = kind,
            ["command"] = command,
            ["mirrorInput"] = mirrorInput,
            ["cols"] = cols,
            ["rows"] = rows,
        };
        using var response = await PostCreateAsync(RequestMode.Desktop, body.ToJsonString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /session: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Waits until the session's final status is recorded (the manager's own completion, not a poll).</summary>
    public async Task<JsonObject> WaitEndedAsync(string id, RequestMode mode = RequestMode.Desktop)
    {
        var session = Manager.FindSession(id) ?? throw new InvalidOperationException($"no session {id}");
        await session.Ended.Task.DefaultTimeout($"session {id} to end");
        return await GetAsync(id, mode);
    }

    public async Task<JsonObject> GetAsync(string id, RequestMode mode = RequestMode.Desktop)
    {
        using var response = await Client(mode).GetAsync($"/session/{id}").DefaultTimeout("GET /session/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>().DefaultTimeout("session body"))!;
    }

    public async Task<string> OutputAsync(string id, long from = 0, RequestMode mode = RequestMode.Desktop)
    {
        using var response = await Client(mode).GetAsync($"/session/{id}/output?from={from}").DefaultTimeout("GET output");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync().DefaultTimeout("output body"));
    }

    public Task<HttpResponseMessage> InputAsync(string id, string text, RequestMode mode = RequestMode.Desktop)
        => Client(mode).PostAsync($"/session/{id}/input", Json.Body(new JsonObject { ["data"] = text }.ToJsonString())).DefaultTimeout("POST input");

    /// <summary>Polls the output until it contains <paramref name="text"/> (output growth raises no event a client can await over HTTP).</summary>
    public async Task<string> WaitForOutputAsync(string id, string text)
    {
        var session = Manager.FindSession(id)!;
        var deadline = DateTime.UtcNow + TaskTimeoutExtensions.DefaultTimeoutSpan;
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (true)
        {
            string output;
            using (var log = session.Output.OpenLogForReading())
            {
                var buffer = new byte[(int)session.Output.Length];
                output = Encoding.UTF8.GetString(buffer, 0, session.Output.Read(log, 0, buffer));
            }

            if (output.Contains(text, StringComparison.Ordinal))
            {
                return output;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for output of {id} containing '{text}'; so far: {output.ReplaceLineEndings("⏎")}");
            }

            await ticks.WaitForNextTickAsync();
        }
    }

    /// <summary>A WebSocket on <c>/session/{id}/stream</c>, Basic-authenticated on the given listener.</summary>
    public async Task<ClientWebSocket> ConnectAsync(string id, RequestMode mode, long? from = null, bool raw = true, bool credit = false)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", TestAppServer.Basic(Server.Credentials).ToString());
        socket.Options.CollectHttpResponseDetails = true;
        var address = Server.BaseAddress(mode);
        var query = $"?raw={(raw ? 1 : 0)}&credit={(credit ? 1 : 0)}" + (from is { } value ? $"&from={value}" : string.Empty);
        await socket.ConnectAsync(new Uri($"ws://{address.Authority}/session/{id}/stream{query}"), CancellationToken.None).DefaultTimeout("WebSocket connect");
        return socket;
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
