using System.Diagnostics;
using System.Globalization;

namespace DeskMirror.Internal;

/// <summary>What the OS tells about one process: name, command line, start time, whether it is a zombie, its parent, group and session.</summary>
internal sealed record ProcessInfo(int Pid, string Name, IReadOnlyList<string> CommandLine, long StartTicks, bool IsZombie)
{
    /// <summary>The parent's pid; 0 where unknown.</summary>
    public int ParentPid { get; init; }

    /// <summary>The process group; 0 where unknown.</summary>
    public int ProcessGroup { get; init; }

    /// <summary>The session; 0 where unknown. A session leader's session is its own pid.</summary>
    public int Session { get; init; }

    /// <summary>
    /// True when the command line runs DeskMirror: the <c>deskmirror</c> apphost or tool shim, or
    /// <c>dotnet …/deskmirror.dll</c>.
    /// </summary>
    public bool LooksLikeDeskMirror => CommandLine.Count > 0
        && (IsDeskMirrorProgram(CommandLine[0])
            || (Path.GetFileNameWithoutExtension(CommandLine[0]).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
                && CommandLine.Skip(1).TakeWhile(a => a.StartsWith('-') || a.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || a.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || a == "exec")
                    .Any(a => Path.GetFileName(a).Equals("deskmirror.dll", StringComparison.OrdinalIgnoreCase))));

    /// <summary>The process, or null when it does not exist (or cannot be seen).</summary>
    public static ProcessInfo? Read(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            return ReadProc(pid);
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return new ProcessInfo(pid, process.ProcessName, [process.MainModule?.FileName ?? process.ProcessName], 0, false);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>Every process this user can see (Linux; empty elsewhere).</summary>
    public static IReadOnlyList<ProcessInfo> ReadAll()
    {
        var all = new List<ProcessInfo>();
        if (!OperatingSystem.IsLinux())
        {
            return all;
        }

        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ReadProc(pid) is { } process)
            {
                all.Add(process);
            }
        }

        return all;
    }

    /// <summary>Field 22 of /proc/self/stat: this process's start time in clock ticks since boot; 0 elsewhere.</summary>
    public static long CurrentStartTicks() => OperatingSystem.IsLinux() ? ReadProc(Environment.ProcessId)?.StartTicks ?? 0 : 0;

    private static bool IsDeskMirrorProgram(string argument)
    {
        var name = Path.GetFileName(argument);
        return name.Equals("deskmirror", StringComparison.OrdinalIgnoreCase)
            || name.Equals("deskmirror.exe", StringComparison.OrdinalIgnoreCase);
    }

    private static ProcessInfo? ReadProc(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The name is in parentheses and may itself hold spaces or ')': the fields follow the last ')'.
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            var name = stat[(open + 1)..close];
            var fields = stat[(close + 2)..].Split(' ');
            var state = fields[0];
            var startTicks = long.Parse(fields[19], CultureInfo.InvariantCulture);
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            return new ProcessInfo(pid, name, commandLine, startTicks, state == "Z" || state == "X")
            {
                ParentPid = int.Parse(fields[1], CultureInfo.InvariantCulture),
                ProcessGroup = int.Parse(fields[2], CultureInfo.InvariantCulture),
                Session = int.Parse(fields[3], CultureInfo.InvariantCulture),
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
