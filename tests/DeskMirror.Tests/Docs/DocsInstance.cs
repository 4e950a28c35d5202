using System.Diagnostics;
using System.Globalization;
using DeskMirror.Tests.Infrastructure;

namespace DeskMirror.Tests.Docs;

/// <summary>
/// A running desktop (mirror on, mDNS off, a generated password) in a temporary home, and the shell the
/// documentation's commands run in: <c>deskmirror</c> and a stand-in <c>opencode</c> on the PATH.
/// </summary>
public sealed class DocsInstance : IAsyncLifetime
{
    private ChildProcess? _desktop;
    private ChildProcess? _upstream;
    private string _bin = "";

    public TempFolder Home { get; } = new("deskmirror-docs-");

    public int MirrorPort { get; private set; }

    /// <summary>Bash settings and helpers every document's script starts with.</summary>
    public string Preamble { get; } = """
        set -euo pipefail
        curl() { command curl --silent --show-error --fail-with-body --max-time 30 "$@"; echo; }
        # Runs a command that serves until stopped: once it says it serves, SIGTERM; it must exit 0.
        serve_briefly() {
          local out pid line
          out=$(mktemp -u) && mkfifo "$out"
          "$@" >"$out" 2>&1 &
          pid=$!
          while IFS= read -r -t 120 line; do
            echo "$line"
            if [[ $line == "Press Ctrl-C"* || $line == "listening on"* ]]; then kill -TERM "$pid"; fi
          done <"$out"
          rm -f "$out"
          wait "$pid"
        }

        """;

    public async Task InitializeAsync()
    {
        _bin = Home.CreateFolder("bin");
        Home.WriteScript(Path.Combine("bin", "deskmirror"), $"exec {ChildProcess.DotnetHost} {DeskMirrorCli.Dll} \"$@\"");
        // opencode serve --hostname H --port N: an HTTP server on that port.
        Home.WriteScript(Path.Combine("bin", "opencode"), $"""
            while [ $# -gt 0 ]; do [ "$1" = --port ] && port=$2; shift; done
            exec {ChildProcess.DotnetHost} {StandIn.AssemblyPath} http "$port" 200
            """);
        MirrorPort = TestPorts.PickUnused();
        _desktop = DeskMirrorCli.Start(Home.Path, ["--no-open", "--no-mdns", "--port", MirrorPort.ToString(CultureInfo.InvariantCulture)]);
        await _desktop.WaitForLineAsync(l => l.StartsWith("Press Ctrl-C", StringComparison.Ordinal), "the desktop to start");
        (_upstream, UpstreamPort) = await StandIn.ServeHttpAsync();
    }

    public int UpstreamPort { get; private set; }

    /// <summary>Runs <paramref name="script"/> with bash in <paramref name="folder"/>; the exit code and all output.</summary>
    public async Task<(int Code, string Output)> RunScriptAsync(string script, string folder)
    {
        var path = Path.Combine(folder, "commands.sh");
        await File.WriteAllTextAsync(path, script);
        var start = new ProcessStartInfo("bash", [path]) { WorkingDirectory = folder };
        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = _bin + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["MIRROR_PORT"] = MirrorPort.ToString(CultureInfo.InvariantCulture),
            ["SPARE_PORT"] = TestPorts.PickUnused().ToString(CultureInfo.InvariantCulture),
            ["UPSTREAM_PORT"] = UpstreamPort.ToString(CultureInfo.InvariantCulture),
        };
        using var bash = DeskMirrorCli.Start(Home.Path, start, environment);
        var code = await bash.WaitForExitAsync($"the commands of {folder}", TimeSpan.FromMinutes(4));
        return (code, bash.Output);
    }

    public Task DisposeAsync()
    {
        _upstream?.Dispose();
        _desktop?.Dispose();
        Home.Dispose();
        return Task.CompletedTask;
    }
}
