using System.Globalization;

namespace DeskMirror.TestSupport;

/// <summary>One line of <c>/proc/PID/stat</c>: what tests check about a process they do not own.</summary>
/// <param name="State">R, S, D, T (stopped), Z (zombie), X (dead), …</param>
/// <param name="StartTicks">Clock ticks after boot when it started (field 22).</param>
public sealed record ProcStat(int Pid, string Name, char State, int ParentPid, int ProcessGroup, int Session, long StartTicks)
{
    /// <summary>Runs or sleeps: it exists and is neither a zombie nor dead.</summary>
    public bool IsLive => State is not ('Z' or 'X');

    /// <summary>The process, or null when it is gone.</summary>
    public static ProcStat? Read(int pid)
    {
        try
        {
            return Parse(pid, File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Every process visible now.</summary>
    public static IReadOnlyList<ProcStat> ReadAll()
    {
        var all = new List<ProcStat>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } stat)
            {
                all.Add(stat);
            }
        }

        return all;
    }

    /// <summary>The name sits in parentheses and may itself hold spaces or ')': the fields follow the last ')'.</summary>
    public static ProcStat Parse(int pid, string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var open = line.IndexOf('(', StringComparison.Ordinal);
        var close = line.LastIndexOf(')');
        var fields = line[(close + 2)..].Split(' ');
        return new ProcStat(
            pid,
            line[(open + 1)..close],
            fields[0][0],
            int.Parse(fields[1], CultureInfo.InvariantCulture),
            int.Parse(fields[2], CultureInfo.InvariantCulture),
            int.Parse(fields[3], CultureInfo.InvariantCulture),
            long.Parse(fields[19], CultureInfo.InvariantCulture));
    }
}
