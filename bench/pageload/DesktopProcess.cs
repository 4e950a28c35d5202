using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DeskMirror.Bench.PageLoad;

/// <summary>
/// The real <c>deskmirror</c> desktop as a child process, as a user starts it: its desktop listener, its in-process
/// mirror proxy (PROXY v2 to the app server, plain HTTP and TLS on one port) and the UI. Temp config and data
/// folders, loopback only, no mDNS. The desktop listener's API is used with Basic Auth to set the stage.
/// </summary>
internal sealed partial class DesktopProcess : IAsyncDisposable
{
    public const string Username = "bench-user";
    public const string Password = "bench-Password-4q9z";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly HttpClient _api;

    private DesktopProcess(Process process, string root, Uri desktopLaunchUrl, int mirrorPort)
    {
        _process = process;
        Root = root;
        DesktopLaunchUrl = desktopLaunchUrl;
        DesktopBase = new Uri(desktopLaunchUrl.GetLeftPart(UriPartial.Authority) + "/");
        MirrorPort = mirrorPort;
        _api = new HttpClient { BaseAddress = DesktopBase, Timeout = TimeSpan.FromSeconds(30) };
        // No idle connection of the benchmark's own may stay open: the loads count the listener's connections.
        _api.DefaultRequestHeaders.ConnectionClose = true;
        _api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}")));
    }

    public string Root { get; }

    /// <summary>The one-time link that signs the desktop browser in.</summary>
    public Uri DesktopLaunchUrl { get; }

    public Uri DesktopBase { get; }

    public int MirrorPort { get; }

    public int Pid => _process.Id;

    public static async Task<DesktopProcess> StartAsync(string executable)
    {
        var root = Directory.CreateTempSubdirectory("deskmirror-bench-pageload-").FullName;
        var port = PickUnusedPort();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var argument in new[]
        {
            executable, "--no-open", "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--config", Path.Combine(root, "settings.json"), "--data-dir", Path.Combine(root, "data"),
            // mDNS sends multicast onto the machine's network; a benchmark stays on loopback.
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
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("deskmirror exited before it was ready:\n" + output));
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (DesktopLine().Match(e.Data) is { Success: true } match)
            {
                ready.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var launch = await ready.Task.WaitAsync(StartTimeout);
            return new DesktopProcess(process, root, launch, port);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("deskmirror did not print its desktop URL within 90 s:\n" + output);
        }
    }

    /// <summary>A folder under the temp root, added as a project through the desktop's API.</summary>
    public async Task<string> AddProjectAsync(string name)
    {
        var path = Directory.CreateDirectory(Path.Combine(Root, "projects", name)).FullName;
        using var response = await _api.PostAsJsonAsync("project", new JsonObject { ["path"] = path });
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("POST /project: no body");
        return body["id"]!.GetValue<string>();
    }

    /// <summary>Starts a task session through the desktop's API.</summary>
    public async Task<string> CreateSessionAsync(string projectId, string command, string title)
    {
        using var response = await _api.PostAsJsonAsync("session", new JsonObject
        {
            ["projectId"] = projectId,
            ["kind"] = "task",
            ["command"] = command,
            ["title"] = title,
            ["mirrorInput"] = false,
        });
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /session: {(int)response.StatusCode} {text}");
        }

        return JsonNode.Parse(text)!["id"]!.GetValue<string>();
    }

    /// <summary>The session's output so far, from the API.</summary>
    public async Task<string> ReadOutputAsync(string sessionId)
        => Encoding.UTF8.GetString(await _api.GetByteArrayAsync($"session/{Uri.EscapeDataString(sessionId)}/output?from=0"));

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        if (!_process.HasExited)
        {
            // SIGTERM: the desktop stops its sessions, proxy and server cleanly.
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
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
            // A session's process may still hold a file; the OS cleans the temp folder later.
        }
    }

    // deskmirror takes a fixed --port: the kernel picks a free one, which is released just before the start.
    private static int PickUnusedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    [GeneratedRegex(@"^Desktop:\s+(http://\S+)")]
    private static partial Regex DesktopLine();
}
