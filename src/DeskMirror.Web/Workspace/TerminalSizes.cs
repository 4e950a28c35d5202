using System.Collections.Concurrent;

namespace DeskMirror.Web.Workspace;

/// <summary>
/// The PTY size the desktop last set for each session, so a mirror view renders the same grid (and scales
/// or scrolls it) instead of reflowing. Sessions the desktop never showed use <see cref="Default"/>.
/// One per process.
/// </summary>
public sealed class TerminalSizes
{
    /// <summary>The size of a session nobody resized yet, and of new sessions the UI starts.</summary>
    public static readonly TerminalSize Default = new(120, 32);

    /// <summary>Upper bound of tracked sessions; the oldest entries give way (they fall back to the default).</summary>
    public const int MaxTracked = 4096;

    private readonly ConcurrentDictionary<string, TerminalSize> _sizes = new(StringComparer.Ordinal);

    /// <summary>Raised with the session id after the desktop resized it.</summary>
    public event Action<string, TerminalSize>? Changed;

    public TerminalSize Get(string sessionId) => _sizes.GetValueOrDefault(sessionId, Default);

    public void Set(string sessionId, TerminalSize size)
    {
        if (_sizes.Count >= MaxTracked && !_sizes.ContainsKey(sessionId))
        {
            _sizes.Clear();
        }

        if (_sizes.TryGetValue(sessionId, out var existing) && existing == size)
        {
            return;
        }

        _sizes[sessionId] = size;
        Changed?.Invoke(sessionId, size);
    }
}

/// <summary>Columns and rows of a terminal grid.</summary>
public readonly record struct TerminalSize(int Cols, int Rows);
