using System.Diagnostics;

namespace DeskMirror.Tests.Infrastructure;

/// <summary>The real <c>deskmirror</c> executable as a child process (<c>dotnet deskmirror.dll …</c>).</summary>
internal static class DeskMirrorCli
{
    /// <summary>The executable's assembly next to the tests.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "deskmirror.dll");

    /// <summary>
    /// Runs with a clean environment: HOME and XDG folders inside <paramref name="home"/>, no display, no
    /// credentials from the test runner's environment; <paramref name="environment"/> adds (or, with null, removes) more.
    /// </summary>
    public static ChildProcess Start(string home, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
        => Start(home, Command(args), environment);

    /// <summary>
    /// Like <see cref="Start(string, IEnumerable{string}, IReadOnlyDictionary{string, string?}?)"/>, run through
    /// <paramref name="wrapper"/> (e.g. <c>unshare -n sh -c SCRIPT</c>, which ends with <c>exec "$0" "$@"</c>) with
    /// <paramref name="args"/> as they are: mDNS stays as the arguments say.
    /// </summary>
    public static ChildProcess StartWrapped(string home, IReadOnlyList<string> wrapper, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(wrapper[0]);
        foreach (var part in wrapper.Skip(1).Append(ChildProcess.DotnetHost).Append(Dll).Concat(args))
        {
            start.ArgumentList.Add(part);
        }

        return Start(home, start, environment);
    }

    /// <summary>Runs any program with the same clean environment as <see cref="Start(string, IEnumerable{string}, IReadOnlyDictionary{string, string?}?)"/>.</summary>
    public static ChildProcess Start(string home, ProcessStartInfo start, IReadOnlyDictionary<string, string?>? environment)
    {
        start.Environment["HOME"] = home;
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(home, "config");
        start.Environment["XDG_DATA_HOME"] = Path.Combine(home, "data");
        start.Environment["SHELL"] = "/bin/false";
        foreach (var name in new[] { "DISPLAY", "WAYLAND_DISPLAY", "DESKMIRROR_USERNAME", "DESKMIRROR_PASSWORD", "OPENCODE_SERVER_USERNAME", "OPENCODE_SERVER_PASSWORD" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        return ChildProcess.Start(start);
    }

    /// <summary>Runs in the test runner's environment, for commands that read no settings (<c>proxy</c>).</summary>
    public static ChildProcess StartPlain(params string[] args) => ChildProcess.Start(Command(args));

    /// <summary>Runs to the end in the test runner's environment.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunPlainAsync(params string[] args)
    {
        using var process = StartPlain(args);
        var code = await process.WaitForExitAsync($"deskmirror {string.Join(' ', args)}");
        return (code, process.StandardOutput, process.StandardError);
    }

    private static ProcessStartInfo Command(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(ChildProcess.DotnetHost);
        start.ArgumentList.Add(Dll);
        var list = args.ToList();
        foreach (var arg in list)
        {
            start.ArgumentList.Add(arg);
        }

        // The desktop and `mirror` advertise by mDNS, which sends multicast onto the machine's network: tests never
        // do (the mDNS tests run the executable in a network namespace of their own, not through this helper).
        var advertises = list.Count == 0 || list[0].StartsWith('-') || list[0] == "mirror";
        if (advertises && !list.Contains("--no-mdns"))
        {
            start.ArgumentList.Add("--no-mdns");
        }

        return start;
    }
}
