namespace DeskMirror.Terminal;

/// <summary>Size and bounds of a <see cref="TerminalEmulator"/>. Every default is documented; <see cref="Validate"/> names every value out of range.</summary>
public sealed class TerminalOptions
{
    /// <summary>Largest width or height accepted.</summary>
    public const int MaxDimension = 1000;

    /// <summary>Largest scrollback accepted.</summary>
    public const int MaxScrollbackLines = 100_000;

    /// <summary>Width in cells, 1 to 1000. Default 80.</summary>
    public int Cols { get; set; } = 80;

    /// <summary>Height in rows, 1 to 1000. Default 24.</summary>
    public int Rows { get; set; } = 24;

    /// <summary>
    /// Lines kept above the main screen, 0 to 100,000. Default 5,000. Each line costs 12 bytes per column once
    /// written (a full 5,000-line scrollback at 80 columns is about 4.8 MB), the same as in xterm.js.
    /// </summary>
    public int ScrollbackLines { get; set; } = 5000;

    /// <summary>
    /// Largest operating system command (title, notification) kept while it arrives, in UTF-8 bytes, 64 to 65,536.
    /// Default 4 KiB. A longer one is consumed to its end and dropped whole; device control strings, SOS, PM and
    /// APC are never kept at all.
    /// </summary>
    public int MaxPayloadBytes { get; set; } = 4096;

    /// <summary>Every problem with these options, each naming the option; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Check(errors, nameof(Cols), Cols, 1, MaxDimension);
        Check(errors, nameof(Rows), Rows, 1, MaxDimension);
        Check(errors, nameof(ScrollbackLines), ScrollbackLines, 0, MaxScrollbackLines);
        Check(errors, nameof(MaxPayloadBytes), MaxPayloadBytes, 64, 65536);
        return errors;
    }

    private static void Check(List<string> errors, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"TerminalOptions.{name} is {value}; it must be between {min} and {max}.");
        }
    }
}
