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

        Assert.True(Libc.Kill(-firstPid, Libc.SigKill));
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

        deskmirror.Signal(Libc.SigTerm);

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
        deskmirror.Signal(Libc.SigTerm);
        Assert.Equal(0, await deskmirror.WaitForExitAsync("deskmirror mirror after SIGTERM"));
        Assert.False(server.HasExited);
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
