using System.Net;
using DeskMirror.Internal;
using DeskMirror.Proxy;
using DeskMirror.Server.Hosting;
using DeskMirror.Sidecar;

namespace DeskMirror.Tests.Sidecar;

public sealed class SidecarSupervisorTests : IDisposable
{
    private static readonly string HttpServer = StandIn.CommandLine("http", "{port}", "200");
    private readonly TempFolder _folder = new();
    private readonly StringWriter _log = new();

    [Fact]
    public async Task Start_RealHttpServer_IsReadyAndGetsTheCredentialsInBothVariableSets()
    {
        await using var sidecar = new SidecarSupervisor(Options(
            "echo \"user=$DESKMIRROR_USERNAME/$OPENCODE_SERVER_USERNAME pass=$DESKMIRROR_PASSWORD/$OPENCODE_SERVER_PASSWORD\"; exec " + HttpServer));

        await sidecar.StartAsync().DefaultTimeout("sidecar start");

        using var http = new HttpClient();
        var response = await http.GetAsync(new Uri($"http://127.0.0.1:{sidecar.Port}/")).DefaultTimeout("GET the sidecar");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("user=ana/ana pass=pw 1/pw 1", sidecar.RecentOutput);
    }

    [Fact]
    public async Task Crash_WhileAClientRetriesThroughTheProxy_IsRestartedOnTheSamePort()
    {
        await using var sidecar = new SidecarSupervisor(Options(HttpServer));
        await sidecar.StartAsync().DefaultTimeout("sidecar start");
        await using var proxy = new TcpMirrorProxy(new TcpMirrorProxyOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Upstream = new IPEndPoint(IPAddress.Loopback, sidecar.Port),
        });
        await proxy.StartAsync().DefaultTimeout("proxy start");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var url = new Uri($"http://127.0.0.1:{proxy.LocalEndpoint.Port}/");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(url).DefaultTimeout("first GET")).StatusCode);
        var firstPid = sidecar.ProcessId!.Value;
        var port = sidecar.Port;

        Assert.True(LibC.Kill(-firstPid, LibC.SigKill));
        var failures = 0;
        await Poll.UntilAsync(async () =>
        {
            try
            {
                using var response = await http.GetAsync(url);
                return response.StatusCode == HttpStatusCode.OK && sidecar.ProcessId != firstPid;
            }
            catch (HttpRequestException)
            {
                failures++;
                return false;
            }
        }, "a GET through the proxy to succeed after the restart");

        Assert.Equal(1, sidecar.Restarts);
        Assert.Equal(port, sidecar.Port);
        Assert.NotEqual(firstPid, sidecar.ProcessId);
        Assert.Contains($"sidecar (pid {firstPid}) exited", _log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_EndsTheWholeProcessGroup()
    {
        var childPidFile = _folder.Combine("child.pid");
        // The shell starts a background grandchild, then the server: both must end.
        await using var sidecar = new SidecarSupervisor(Options($"sleep 300 & echo $! > {childPidFile}; exec {HttpServer}"));
        await sidecar.StartAsync().DefaultTimeout("sidecar start");
        var leader = sidecar.ProcessId!.Value;
        var grandchild = int.Parse(File.ReadAllText(childPidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(IsRunning(grandchild));

        await sidecar.StopAsync().DefaultTimeout("sidecar stop");

        await Poll.UntilAsync(() => Task.FromResult(!IsRunning(grandchild) && !IsRunning(leader)), "the process group to end");
        Assert.False(await TestPorts.AcceptsAsync(sidecar.Port));
    }

    [Fact]
    public async Task Start_CommandThatNeverListens_FailsAfterTheTimeoutShowingItsOutput()
    {
        await using var sidecar = new SidecarSupervisor(Options("echo 'booting on {port}'; echo 'config missing' >&2; exec sleep 300", readyTimeout: TimeSpan.FromSeconds(1)));

        var error = await Assert.ThrowsAsync<SidecarNotReadyException>(() => sidecar.StartAsync()).DefaultTimeout("start to fail");

        Assert.Contains($"did not accept connections on 127.0.0.1:{sidecar.Port} within 1 s", error.Message, StringComparison.Ordinal);
        Assert.Contains($"  | booting on {sidecar.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("  | config missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_CommandThatExits_FailsAtOnceWithItsExitCodeAndOutput()
    {
        await using var sidecar = new SidecarSupervisor(Options("echo 'bad flag --frobnicate'; exit 4", readyTimeout: TimeSpan.FromSeconds(60)));

        var error = await Assert.ThrowsAsync<SidecarNotReadyException>(() => sidecar.StartAsync()).TimeoutAfter(TimeSpan.FromSeconds(20), "start to fail before the 60 s timeout");

        Assert.Contains("exited with code 4 before it accepted connections", error.Message, StringComparison.Ordinal);
        Assert.Contains("bad flag --frobnicate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithReadyPath_WaitsForAnAnswerBelow500()
    {
        await using var sidecar = new SidecarSupervisor(Options($"exec {StandIn.CommandLine("http", "{port}", "503")}", readyPath: "/health", readyTimeout: TimeSpan.FromSeconds(5)));

        var error = await Assert.ThrowsAsync<SidecarNotReadyException>(() => sidecar.StartAsync()).DefaultTimeout("start to fail on 503");

        Assert.Contains("did not answer GET /health", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private static bool IsRunning(int pid) => ProcessInfo.Read(pid) is { IsZombie: false };

    private SidecarOptions Options(string command, string? readyPath = null, TimeSpan? readyTimeout = null) => new()
    {
        CommandTemplate = command,
        Credentials = new ServerCredentials("ana", "pw 1"),
        ReadyPath = readyPath,
        ReadyTimeout = readyTimeout ?? TimeSpan.FromSeconds(20),
        InitialRestartDelay = TimeSpan.FromMilliseconds(100),
        Log = TextWriter.Synchronized(_log),
    };
}
