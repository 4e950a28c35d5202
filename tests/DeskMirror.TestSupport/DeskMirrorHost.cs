using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DeskMirror.TestSupport;

/// <summary>
/// The real <c>deskmirror</c> desktop as a child process: temp config and data folders, a free mirror port
/// bound to loopback only, credentials from the environment. Reads the desktop URL (with its one-time
/// launch token) from the status it prints, and talks to the desktop listener's API with Basic Auth.
/// </summary>
public sealed partial class DeskMirrorHost : IAsyncDisposable
{
    public const string Username = "e2e-user";
    public const string Password = "e2e-Password-7f3k";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly ProcessOutput _output;
    private readonly HttpClient _api;

    private DeskMirrorHost(Process process, ProcessOutput output, string root, Uri desktopLaunchUrl, int mirrorPort)
    {
        _process = process;
        _output = output;
        Root = root;
        DesktopLaunchUrl = desktopLaunchUrl;
        DesktopBase = new Uri(desktopLaunchUrl.GetLeftPart(UriPartial.Authority) + "/");
        MirrorBase = new Uri($"http://127.0.0.1:{mirrorPort}/");
        _api = new HttpClient { BaseAddress = DesktopBase, Timeout = TimeSpan.FromSeconds(30) };
        _api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}")));
    }

    /// <summary>The temp folder holding settings, data and the projects' folders.</summary>
    public string Root { get; }

    /// <summary>The desktop listener's launch link (one use: signs the desktop browser in).</summary>
    public Uri DesktopLaunchUrl { get; }

    public Uri DesktopBase { get; }

    /// <summary>The mirror as a LAN device reaches it: through the real proxy.</summary>
    public Uri MirrorBase { get; }

    /// <summary>Everything the process printed so far, standard error included (warnings and errors of its log).</summary>
    public string Output => _output.Text;

    /// <summary>Waits for a line the process prints (or printed already).</summary>
    public Task<string> WaitForOutputAsync(Func<string, bool> match, string what)
        => _output.WaitForLineAsync(match, what, TimeSpan.FromSeconds(20));

    public static async Task<DeskMirrorHost> StartAsync()
    {
        var root = Directory.CreateTempSubdirectory("deskmirror-host-").FullName;
        var port = TestPorts.PickUnused();
        var executable = Path.Combine(AppContext.BaseDirectory, "deskmirror.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var argument in new[]
        {
            executable, "--no-open", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--config", Path.Combine(root, "settings.json"), "--data-dir", Path.Combine(root, "data"),
            // mDNS sends multicast onto the machine's network; tests and benchmarks never do.
            "--no-mdns",
        })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DESKMIRROR_USERNAME"] = Username;
        info.Environment["DESKMIRROR_PASSWORD"] = Password;
        info.Environment["XDG_CONFIG_HOME"] = Path.Combine(root, "xdg");
        info.Environment["HOME"] = root;
        info.Environment["SHELL"] = "/bin/sh";
        info.Environment.Remove("DISPLAY");
        info.Environment.Remove("WAYLAND_DISPLAY");

        var process = Process.Start(info) ?? throw new InvalidOperationException("deskmirror did not start");
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new ProcessOutput();
        void OnLine(string? line)
        {
            if (line is null)
            {
                ready.TrySetException(new InvalidOperationException("deskmirror exited before it was ready:\n" + output.Text));
                return;
            }

            output.Add(line);
            if (DesktopLine().Match(line) is { Success: true } match)
            {
                ready.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.Add(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        Uri launch;
        try
        {
            launch = await ready.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("deskmirror did not print its desktop URL within 60 s:\n" + output.Text);
        }

        return new DeskMirrorHost(process, output, root, launch, port);
    }

    /// <summary>A folder under the temp root, added as a project through the desktop's API.</summary>
    public async Task<string> AddProjectAsync(string name)
    {
        var path = Directory.CreateDirectory(Path.Combine(Root, "projects", name)).FullName;
        using var response = await _api.PostAsJsonAsync("project", new { path });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>() ?? throw new InvalidOperationException("no body");
        return body["id"]!.GetValue<string>();
    }

    /// <summary>Starts a task session through the desktop's API (of the server's default size unless given).</summary>
    public async Task<string> CreateSessionAsync(string projectId, string command, string title, bool mirrorInput, string kind = "task", int? cols = null, int? rows = null)
    {
        using var response = await _api.PostAsJsonAsync("session", new { projectId, kind, command = kind == "task" ? command : null, title, mirrorInput, cols, rows });
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /session: {(int)response.StatusCode} {text}");
        }

        return JsonNode.Parse(text)!["id"]!.GetValue<string>();
    }

    /// <summary>The folder a project of that name lives in (made by <see cref="AddProjectAsync"/>).</summary>
    public string ProjectFolder(string name) => Path.Combine(Root, "projects", name);

    /// <summary>A session's status as the API reports it ("running", "stopped", …).</summary>
    public async Task<string> SessionStatusAsync(string sessionId)
    {
        var body = await _api.GetFromJsonAsync<JsonObject>($"session/{Uri.EscapeDataString(sessionId)}") ?? throw new InvalidOperationException("no body");
        return body["status"]!.GetValue<string>();
    }

    /// <summary>A plain GET on the desktop listener with the API's credentials and the given Accept header.</summary>
    public async Task<HttpResponseMessage> GetAsync(string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        return await _api.SendAsync(request);
    }

    /// <summary>A request without a body on the desktop listener with the API's credentials.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        return _api.SendAsync(request);
    }

    /// <summary>A one-time pairing link for the mirror, as the desktop's QR code holds.</summary>
    public async Task<Uri> CreatePairingUrlAsync()
    {
        using var response = await _api.PostAsync("auth/pairing-link", null);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>() ?? throw new InvalidOperationException("no body");
        return new Uri(MirrorBase, body["path"]!.GetValue<string>());
    }

    /// <summary>Every session the desktop sees (terminals included), as the API lists them.</summary>
    public async Task<JsonArray> ListSessionsAsync()
        => JsonNode.Parse(await _api.GetStringAsync("session"))!.AsArray();

    /// <summary>The server's screen of a session as text rows (<c>GET /session/{id}/screen</c>).</summary>
    public async Task<string[]> ReadScreenAsync(string sessionId)
    {
        var body = await _api.GetFromJsonAsync<JsonObject>($"session/{Uri.EscapeDataString(sessionId)}/screen") ?? throw new InvalidOperationException("no body");
        return [.. body["lines"]!.AsArray().Select(l => l!.GetValue<string>())];
    }

    /// <summary>Types into a session through the desktop's API.</summary>
    public async Task TypeAsync(string sessionId, string text)
    {
        using var response = await _api.PostAsJsonAsync($"session/{Uri.EscapeDataString(sessionId)}/input", new { data = text });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The desktop process's resident memory, from /proc.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>The session's output so far, read from the API (the source the views must match).</summary>
    public async Task<string> ReadOutputAsync(string sessionId)
    {
        var bytes = await _api.GetByteArrayAsync($"session/{Uri.EscapeDataString(sessionId)}/output?from=0");
        return Encoding.UTF8.GetString(bytes);
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        if (!_process.HasExited)
        {
            // SIGTERM: the host stops its sessions, proxy and server cleanly.
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A session's process may still be releasing a file; the temp folder is cleaned by the OS later.
        }
    }

    [GeneratedRegex(@"^Desktop:\s+(http://\S+)")]
    private static partial Regex DesktopLine();
}
