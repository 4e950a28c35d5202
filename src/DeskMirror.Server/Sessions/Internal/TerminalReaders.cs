using System.Globalization;
using System.Runtime.InteropServices;

namespace DeskMirror.Server.Sessions.Internal;

/// <summary>
/// Whether a process of a terminal's foreground group is blocked reading that terminal, from Linux's /proc:
/// the session's processes are found by walking <c>/proc/PID/task/TID/children</c> down from the session's
/// leader (bounded), their group from <c>/proc/PID/stat</c>, and what each is blocked in from
/// <c>/proc/PID/syscall</c> — a <c>read</c> (or <c>readv</c>, <c>pread64</c>) on a descriptor that is the
/// terminal, or a <c>select</c>/<c>pselect6</c> watching descriptor 0 alone when descriptor 0 is the terminal
/// (bash's readline). Where <c>syscall</c> cannot be read, a <c>wchan</c> of <c>wait_woken</c>/<c>n_tty_read</c>
/// with descriptor 0 on the terminal stands for it. A process in <c>sleep</c>, or reading a pipe, is not waiting
/// for input. Other systems answer false (see docs/attention.md for macOS).
/// </summary>
internal static class TerminalReaders
{
    /// <summary>Processes looked at per session and poll; a session with more is judged on the first ones.</summary>
    private const int MaxProcesses = 64;

    private static readonly (int[] Reads, int[] Selects) Syscalls = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => ([0, 17, 19], [23, 270]),
        Architecture.Arm64 => ([63, 65, 67], [72]),
        _ => ([], []),
    };

    public static bool IsSupported => OperatingSystem.IsLinux() && Syscalls.Reads.Length > 0;

    /// <summary>True when a process of <paramref name="group"/> under <paramref name="leader"/> is blocked reading <paramref name="terminal"/>.</summary>
    public static bool AnyWaiting(int leader, int group, string terminal)
    {
        if (!IsSupported)
        {
            return false;
        }

        var pending = new Queue<int>();
        pending.Enqueue(leader);
        var seen = 0;
        while (pending.TryDequeue(out var pid) && seen++ < MaxProcesses)
        {
            if (GroupOf(pid) == group && IsReading(pid, terminal))
            {
                return true;
            }

            foreach (var child in ChildrenOf(pid))
            {
                pending.Enqueue(child);
            }
        }

        return false;
    }

    private static bool IsReading(int pid, string terminal)
    {
        var syscall = ReadSmall($"/proc/{pid}/syscall");
        if (syscall is not null && syscall.Length > 0 && char.IsAsciiDigit(syscall[0]))
        {
            var parts = syscall.Split(' ', 3);
            if (parts.Length < 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                || !parts[1].StartsWith("0x", StringComparison.Ordinal) || !long.TryParse(parts[1].AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var first))
            {
                return false;
            }

            if (Syscalls.Reads.Contains(number))
            {
                return first is >= 0 and < int.MaxValue && IsTerminal(pid, (int)first, terminal);
            }

            return Syscalls.Selects.Contains(number) && first == 1 && IsTerminal(pid, 0, terminal);
        }

        if (syscall is not null)
        {
            // "running", or blocked in no system call: not waiting for anything.
            return false;
        }

        var wchan = ReadSmall($"/proc/{pid}/wchan");
        return wchan is "wait_woken" or "n_tty_read" && IsTerminal(pid, 0, terminal);
    }

    private static bool IsTerminal(int pid, int descriptor, string terminal)
    {
        try
        {
            return new FileInfo($"/proc/{pid}/fd/{descriptor}").LinkTarget == terminal;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The process group: field 5 of <c>/proc/PID/stat</c>, counted after the command's closing parenthesis.</summary>
    private static int GroupOf(int pid)
    {
        var stat = ReadSmall($"/proc/{pid}/stat");
        var end = stat?.LastIndexOf(')') ?? -1;
        if (end < 0)
        {
            return -1;
        }

        var fields = stat![(end + 2)..].Split(' ', 4);
        return fields.Length >= 3 && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var group) ? group : -1;
    }

    private static IEnumerable<int> ChildrenOf(int pid)
    {
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var task in tasks)
        {
            var children = ReadSmall(Path.Combine(task, "children"));
            if (string.IsNullOrEmpty(children))
            {
                continue;
            }

            foreach (var child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (int.TryParse(child, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    yield return id;
                }
            }
        }
    }

    /// <summary>A small /proc file's text, trimmed; null when it cannot be read (gone, or not ours).</summary>
    private static string? ReadSmall(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
