using System.Globalization;

namespace DeskMirror.TestSupport;

/// <summary>
/// Small programs tests run instead of external tools (no python3 or netcat needed): this assembly's own
/// entry point (<see cref="StandInProgram"/>) run as a child process with <c>dotnet</c>.
/// </summary>
public static class StandIn
{
    /// <summary>This assembly, as copied next to the test assembly that references it.</summary>
    public static string AssemblyPath => Path.Combine(AppContext.BaseDirectory, "DeskMirror.TestSupport.dll");

    /// <summary>The shell words that run a stand-in, for commands given as one line (<c>--upstream-command</c>).</summary>
    public static string CommandLine(params string[] args)
        => string.Join(' ', new[] { ChildProcess.DotnetHost, AssemblyPath }.Concat(args).Select(Quote));

    /// <summary>
    /// Listens on <paramref name="address"/> at a port the kernel chooses (or <paramref name="port"/>) and holds it;
    /// the returned port is read back from the stand-in's first line.
    /// </summary>
    /// <param name="programName">With a name, the process runs under that name (its <c>argv[0]</c> and <c>comm</c>), as a stand-in for that program.</param>
    /// <param name="ignoreSigterm">Ignore SIGTERM, so only SIGKILL ends it.</param>
    public static async Task<(ChildProcess Process, int Port)> HoldPortAsync(string address = "127.0.0.1", int port = 0, string? programName = null, bool ignoreSigterm = false, TempFolder? linkFolder = null)
    {
        string[] args = ["hold-port", address, port.ToString(CultureInfo.InvariantCulture), ignoreSigterm ? "ignore-sigterm" : "default-signals"];
        var process = programName is null ? Start(args) : StartNamed(programName, linkFolder ?? throw new ArgumentNullException(nameof(linkFolder)), args);
        try
        {
            var line = await process.WaitForLineAsync(l => l.StartsWith("listening ", StringComparison.Ordinal), "the stand-in to listen");
            return (process, int.Parse(line["listening ".Length..], CultureInfo.InvariantCulture));
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>An HTTP/1.1 server on 127.0.0.1:<paramref name="port"/> (0: a free one) answering every request with <paramref name="status"/>.</summary>
    public static async Task<(ChildProcess Process, int Port)> ServeHttpAsync(int port = 0, int status = 200)
    {
        var process = Start("http", port.ToString(CultureInfo.InvariantCulture), status.ToString(CultureInfo.InvariantCulture));
        try
        {
            var line = await process.WaitForLineAsync(l => l.StartsWith("listening ", StringComparison.Ordinal), "the HTTP stand-in to listen");
            return (process, int.Parse(line["listening ".Length..], CultureInfo.InvariantCulture));
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    public static ChildProcess Start(params string[] args) => ChildProcess.Start(ChildProcess.DotnetHost, [AssemblyPath, .. args]);

    /// <summary>
    /// Runs a stand-in through a link named <paramref name="programName"/> to the .NET host, so its command line
    /// starts with that name and the kernel names the process after it.
    /// </summary>
    public static ChildProcess StartNamed(string programName, TempFolder linkFolder, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(linkFolder);
        var link = linkFolder.Combine(programName);
        if (!File.Exists(link))
        {
            File.CreateSymbolicLink(link, ResolveDotnetHost());
        }

        return ChildProcess.Start(link, [AssemblyPath, .. args]);
    }

    // The host finds the runtime from its own resolved path, so a link of any name works.
    private static string ResolveDotnetHost()
    {
        var host = ChildProcess.DotnetHost;
        if (!Path.IsPathRooted(host))
        {
            host = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, host)).FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException("dotnet is not on PATH");
        }

        return new FileInfo(host).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? host;
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

}
