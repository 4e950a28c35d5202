using System.Collections.Concurrent;
using DeskMirror.Server.Sessions;
using Microsoft.Extensions.Options;

namespace DeskMirror.Web.Workspace;

/// <summary>
/// The PTY size the desktop last set for each session, so a mirror view renders the same grid (and scales
/// or scrolls it) instead of reflowing. A session the desktop never showed has the size it was started
/// with: <see cref="Default"/> for sessions the UI starts, the server's default for the others.
/// One per process.
/// </summary>
public sealed class TerminalSizes(IOptions<SessionOptions> options)
{
    /// <summary>The size of new sessions the UI starts (the desktop's view refits it at once).</summary>
    public static readonly TerminalSize Default = new(120, 32);

    private readonly TerminalSize _serverDefault = new(options.Value.DefaultCols, options.Value.DefaultRows);

    /// <summary>Upper bound of tracked sessions; the oldest entries give way (they fall back to the default).</summary>
    public const int MaxTracked = 4096;

    private readonly ConcurrentDictionary<string, TerminalSize> _sizes = new(StringComparer.Ordinal);

    /// <summary>Raised with the session id after the desktop resized it.</summary>
    public event Action<string, TerminalSize>? Changed;

    public TerminalSize Get(string sessionId) => _sizes.GetValueOrDefault(sessionId, _serverDefault);

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
