using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using DeskMirror.Runtime;

namespace DeskMirror.Tests.Infrastructure;

/// <summary>
/// The real <c>deskmirror</c> desktop as a child process: temp config and data folders, known credentials
/// from the environment, <c>--no-open</c>, a mirror port chosen by the test.
/// </summary>
internal sealed class DesktopInstance : IDisposable
{
    public const string Username = "tester";
    public const string Password = "correct horse";

    private DesktopInstance(ChildProcess process, string home, string dataDirectory, int port)
    {
        Process = process;
        Home = home;
        DataDirectory = dataDirectory;
        Port = port;
    }

    public ChildProcess Process { get; }

    public string Home { get; }

    public string DataDirectory { get; }

    public int Port { get; }

    public RuntimeState State => new RuntimeStateFile(DataDirectory).Read() ?? throw new InvalidOperationException("no runtime state file");

    /// <summary>Starts and waits until it says it serves; <paramref name="extra"/> are more flags.</summary>
    public static async Task<DesktopInstance> StartAsync(string home, int port, params string[] extra)
    {
        var instance = Launch(home, port, extra);
        try
        {
            await instance.Process.WaitForLineAsync(l => l.StartsWith("Press Ctrl-C", StringComparison.Ordinal), "the desktop to start");
        }
        catch
        {
            // The test never gets the instance to dispose: a desktop that did not start in time must not outlive it.
            instance.Dispose();
            throw;
        }

        return instance;
    }

    public static DesktopInstance Launch(string home, int port, params string[] extra)
    {
        var data = Path.Combine(home, "data");
        var process = DeskMirrorCli.Start(
            home,
            ["--no-open", "--port", port.ToString(CultureInfo.InvariantCulture), "--config", Path.Combine(home, "settings.json"), "--data-dir", data, .. extra],
            new Dictionary<string, string?> { ["DESKMIRROR_USERNAME"] = Username, ["DESKMIRROR_PASSWORD"] = Password });
        return new DesktopInstance(process, home, data, port);
    }

    /// <summary>A client for the API with Basic Auth.</summary>
    public static HttpClient Client(int port)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}")));
        return client;
    }

    public void Dispose() => Process.Dispose();
}
