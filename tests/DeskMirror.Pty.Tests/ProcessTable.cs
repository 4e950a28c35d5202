namespace DeskMirror.Pty.Tests;

/// <summary>Reads /proc to check what is alive and who is a zombie.</summary>
internal static class ProcessTable
{
    /// <summary>The state letter of a pid (R, S, Z, …), or null when the pid is gone.</summary>
    public static char? State(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0];
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Children of this test process that are zombies.</summary>
    public static IReadOnlyList<int> OurZombies()
    {
        var self = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var zombies = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] == "Z" && fields[1] == self)
                {
                    zombies.Add(pid);
                }
            }
            catch (IOException)
            {
            }
        }

        return zombies;
    }

    /// <summary>Polls (no event exists for another process's death) until the pid is gone or a zombie of someone else.</summary>
    public static async Task<bool> WaitGoneAsync(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (State(pid) is null or 'Z' or 'X')
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }
}
