using System.Text.Json;
using DeskMirror.Internal;

namespace DeskMirror.Runtime;

/// <summary>The runtime state file, <c>DATA/deskmirror.state.json</c>, mode 0600.</summary>
internal sealed class RuntimeStateFile
{
    public const string FileName = "deskmirror.state.json";

    public RuntimeStateFile(string dataDirectory) => FilePath = Path.Combine(Path.GetFullPath(dataDirectory), FileName);

    public string FilePath { get; }

    /// <summary>The state, or null when the file is missing or unreadable.</summary>
    public RuntimeState? Read()
    {
        try
        {
            var bytes = File.ReadAllBytes(FilePath);
            return JsonSerializer.Deserialize(bytes, RuntimeJsonContext.Default.RuntimeState);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Write(RuntimeState state)
        => SecretFile.WriteAtomically(FilePath, JsonSerializer.SerializeToUtf8Bytes(state, RuntimeJsonContext.Default.RuntimeState));

    /// <summary>Deletes the file only if it still describes <paramref name="pid"/>: a later instance may have taken it over.</summary>
    public void DeleteIfOwnedBy(int pid)
    {
        if (Read() is { } state && state.Pid == pid)
        {
            File.Delete(FilePath);
        }
    }

    /// <summary>Whether the process the state names is still that DeskMirror (same pid, same start time, a DeskMirror command line).</summary>
    public static bool IsAlive(RuntimeState state)
    {
        if (ProcessInfo.Read(state.Pid) is not { } process || process.IsZombie)
        {
            return false;
        }

        if (state.ProcessStartTicks != 0 && process.StartTicks != 0 && state.ProcessStartTicks != process.StartTicks)
        {
            return false;
        }

        return process.LooksLikeDeskMirror;
    }
}
