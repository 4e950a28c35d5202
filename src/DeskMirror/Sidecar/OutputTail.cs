namespace DeskMirror.Sidecar;

/// <summary>The last lines a child process printed, kept so an error can show them. Thread-safe.</summary>
internal sealed class OutputTail
{
    /// <summary>Characters kept of one line; longer lines are cut.</summary>
    public const int MaxLineChars = 500;

    private readonly Queue<string> _lines = new();
    private readonly int _capacity;
    private readonly Lock _lock = new();

    /// <param name="capacity">Lines kept; older ones are dropped.</param>
    public OutputTail(int capacity) => _capacity = capacity;

    public void Add(string line)
    {
        if (line.Length > MaxLineChars)
        {
            line = line[..MaxLineChars] + "…";
        }

        lock (_lock)
        {
            if (_lines.Count == _capacity)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line);
        }
    }

    public IReadOnlyList<string> Snapshot()
    {
        lock (_lock)
        {
            return [.. _lines];
        }
    }

    /// <summary>The lines, indented, or a note that there were none.</summary>
    public string Format()
    {
        var lines = Snapshot();
        return lines.Count == 0 ? "  (no output)" : string.Join('\n', lines.Select(l => "  | " + l));
    }
}
