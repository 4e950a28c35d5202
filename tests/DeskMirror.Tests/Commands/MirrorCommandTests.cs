using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DeskMirror.Internal;
using DeskMirror.Tests.Infrastructure;

namespace DeskMirror.Tests.Commands;

/// <summary><c>deskmirror mirror</c> as a real child process in front of real servers.</summary>
public sealed partial class MirrorCommandTests : IDisposable
{
    private readonly TempFolder _home = new();

    [Fact]
    public async Task UpstreamCommand_KilledWhileAClientRetries_IsRestartedAndSigtermExitsCleanly()
    {
        var port = TestPorts.PickUnused();
        using var deskmirror = StartMirror("--port", port.ToString(CultureInfo.InvariantCulture),
            "--upstream-command", StandIn.CommandLine("http", "{port}", "200"), "--ready-path", "/");
        var started = await deskmirror.WaitForLineAsync(l => l.StartsWith("sidecar started", StringComparison.Ordinal), "the sidecar to start");
        await deskmirror.WaitForLineAsync(l => l.StartsWith("Press Ctrl-C", StringComparison.Ordinal), "the mirror to serve");
        var firstPid = SidecarPid(started);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var url = new Uri($"http://127.0.0.1:{port}/");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(url).DefaultTimeout("GET through the mirror")).StatusCode);

        Assert.True(LibC.Kill(-firstPid, LibC.SigKill));
        await Poll.UntilAsync(async () =>
        {
            try
            {
                using var response = await http.GetAsync(url);
                return response.StatusCode == HttpStatusCode.OK && deskmirror.Output.Contains($"sidecar (pid {firstPid}) exited", StringComparison.Ordinal);
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the mirror to answer again after the sidecar was killed");
        var restarted = await deskmirror.WaitForLineAsync(l => l.StartsWith("sidecar started", StringComparison.Ordinal) && SidecarPid(l) != firstPid, "the restart line");
        var secondPid = SidecarPid(restarted);

        deskmirror.Signal(LibC.SigTerm);

        Assert.Equal(0, await deskmirror.WaitForExitAsync("deskmirror mirror after SIGTERM"));
        Assert.Null(ProcessInfo.Read(secondPid));
        Assert.True(TestPorts.IsFree(port));
    }

    [Fact]
    public async Task UpstreamCommand_NeverReady_ExitsWithItsOutputShown()
    {
        using var deskmirror = StartMirror("--port", TestPorts.PickUnused().ToString(CultureInfo.InvariantCulture),
            "--upstream-command", "echo 'warming up on {port}'; exec sleep 300", "--ready-timeout", "1");

        Assert.Equal(1, await deskmirror.WaitForExitAsync("deskmirror mirror with a command that never listens"));
        Assert.Contains("did not accept connections", deskmirror.Output, StringComparison.Ordinal);
        Assert.Contains("  | warming up on ", deskmirror.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upstream_AlreadyRunningServer_IsMirrored()
    {
        var (server, upstreamPort) = await StandIn.ServeHttpAsync();
        using var _ = server;
        var port = TestPorts.PickUnused();
        using var deskmirror = StartMirror("--port", port.ToString(CultureInfo.InvariantCulture), "--upstream", $"127.0.0.1:{upstreamPort}");
        await deskmirror.WaitForLineAsync(l => l.StartsWith("Press Ctrl-C", StringComparison.Ordinal), "the mirror to serve");

        using var http = new HttpClient();
        var direct = await http.GetStringAsync(new Uri($"http://127.0.0.1:{upstreamPort}/")).DefaultTimeout("GET direct");
        var mirrored = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/")).DefaultTimeout("GET mirrored");

        Assert.Equal(direct, mirrored);
        deskmirror.Signal(LibC.SigTerm);
        Assert.Equal(0, await deskmirror.WaitForExitAsync("deskmirror mirror after SIGTERM"));
        Assert.False(server.HasExited);
    }

    [Fact]
    public async Task Upstream_ProxyProtocolFlag_UpstreamReadsTheV2HeaderFirst()
    {
        using var upstream = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        upstream.Start();
        var accepted = upstream.AcceptSocketAsync();
        var port = TestPorts.PickUnused();
        // Without TLS the header goes as soon as the upstream accepts, before the client says anything (with TLS the
        // proxy must see the client's first byte before it knows what to put in the header).
        using var deskmirror = StartMirror("--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--upstream", upstream.LocalEndpoint.ToString()!, "--proxy-protocol", "--half-close-timeout", "5", "--mirror-tls", "off", "--no-mdns");
        await deskmirror.WaitForLineAsync(l => l.StartsWith("Press Ctrl-C", StringComparison.Ordinal), "the mirror to serve");
        Assert.Contains("half-close 5 s; PROXY v2 header on", deskmirror.Output, StringComparison.Ordinal);

        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port).DefaultTimeout("connect to the mirror");
        using var server = await accepted.DefaultTimeout("the upstream accepting");
        var header = new byte[28];
        var total = 0;
        while (total < header.Length)
        {
            var read = await server.ReceiveAsync(header.AsMemory(total), System.Net.Sockets.SocketFlags.None).AsTask().DefaultTimeout("reading the header");
            Assert.True(read > 0, "the mirror closed before the whole header");
            total += read;
        }

        var clientPort = ((IPEndPoint)client.Client.LocalEndPoint!).Port;
        byte[] expected =
        [
            0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21, 0x11, 0x00, 0x0C,
            127, 0, 0, 1, 127, 0, 0, 1, (byte)(clientPort >> 8), (byte)clientPort, (byte)(port >> 8), (byte)port,
        ];
        Assert.Equal(expected, header);
        deskmirror.Signal(LibC.SigTerm);
        Assert.Equal(0, await deskmirror.WaitForExitAsync("deskmirror mirror after SIGTERM"));
    }

    [Fact]
    public async Task MirrorTlsRequired_PlainIsAnsweredByTheProxy_CaCrtServed_HttpsReachesTheServer()
    {
        var (server, upstreamPort) = await StandIn.ServeHttpAsync();
        using var _ = server;
        var port = TestPorts.PickUnused();
        using var deskmirror = StartMirror("--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--upstream", $"127.0.0.1:{upstreamPort}", "--mirror-tls", "required", "--no-mdns");
        await deskmirror.WaitForLineAsync(l => l.StartsWith("Press Ctrl-C", StringComparison.Ordinal), "the mirror to serve");
        Assert.Contains("plain HTTP redirected to https", deskmirror.Output, StringComparison.Ordinal);
        using var authority = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(_home.Combine("data/deskmirror/tls/ca.crt")));
        using var plain = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var https = Tls.TestCertificates.ClientTrusting(authority, port);
        using var direct = new HttpClient();

        using var redirect = await plain.GetAsync(new Uri($"http://127.0.0.1:{port}/status?x=1")).DefaultTimeout("GET over plain HTTP");
        using var certificate = await plain.GetAsync(new Uri($"http://127.0.0.1:{port}/ca.crt")).DefaultTimeout("GET /ca.crt over plain HTTP");
        var mirrored = await https.GetStringAsync(new Uri($"https://localhost:{port}/")).DefaultTimeout("GET over https");
        var expected = await direct.GetStringAsync(new Uri($"http://127.0.0.1:{upstreamPort}/")).DefaultTimeout("GET the server directly");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.StatusCode);
        Assert.Equal(new Uri($"https://127.0.0.1:{port}/status?x=1"), redirect.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, certificate.StatusCode);
        Assert.Equal(authority.RawData, await certificate.Content.ReadAsByteArrayAsync());
        Assert.Equal(expected, mirrored);
        deskmirror.Signal(LibC.SigTerm);
        Assert.Equal(0, await deskmirror.WaitForExitAsync("deskmirror mirror after SIGTERM"));
        Assert.Contains("1 TLS handshakes (0 failed", deskmirror.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LimitFlags_BadValue_OneLineAndExit2()
    {
        using var deskmirror = StartMirror("--port", TestPorts.PickUnused().ToString(CultureInfo.InvariantCulture), "--upstream", "127.0.0.1:9", "--first-byte-timeout", "later");

        Assert.Equal(2, await deskmirror.WaitForExitAsync("deskmirror mirror with a bad timeout"));
        Assert.Contains("--first-byte-timeout 'later'", deskmirror.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Port_HeldByAForeignProcess_IsReportedByNameAndPidAndLeftAlone()
    {
        var (holder, port) = await StandIn.HoldPortAsync("0.0.0.0");
        using var _ = holder;

        using var deskmirror = StartMirror("--port", port.ToString(CultureInfo.InvariantCulture), "--upstream", "127.0.0.1:9");

        Assert.Equal(2, await deskmirror.WaitForExitAsync("deskmirror mirror on a held port"));
        Assert.Contains($"deskmirror: port {port} is held by dotnet (pid {holder.Id}); choose another with --port", deskmirror.Output, StringComparison.Ordinal);
        Assert.False(holder.HasExited);
    }

    public void Dispose() => _home.Dispose();

    private ChildProcess StartMirror(params string[] args)
        => DeskMirrorCli.Start(_home.Path, ["mirror", "--config", _home.Combine("settings.json"), .. args]);

    private static int SidecarPid(string line) => int.Parse(PidPattern().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\(pid (\d+)\)")]
    private static partial Regex PidPattern();
}
