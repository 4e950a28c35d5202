using System.Buffers;
using DeskMirror.Terminal.Internal;

namespace DeskMirror.Terminal;

/// <summary>
/// A headless terminal: feed it a program's output and it holds what a terminal would show — the main and the
/// alternate screen, a bounded scrollback, cursor, attributes, modes and title — with the rules of xterm.js, so
/// what it holds is what a browser running xterm.js shows for the same bytes. It gives that state back as text
/// (<see cref="GetScreenText"/>) or as the escape sequences that rebuild it in a fresh terminal
/// (<see cref="CreateSnapshot"/>), and raises <see cref="Bell"/>, <see cref="Notification"/> and
/// <see cref="TitleChanged"/> while it parses.
/// </summary>
/// <remarks>
/// Not thread-safe: one writer at a time, and readers (text, snapshot) must not run during a
/// <see cref="Feed"/>. The emulator never answers the program (device attribute or status queries change
/// nothing), and it does not count bytes: the caller knows which offset of the output the state stands for.
/// </remarks>
public sealed class TerminalEmulator : ITerminalSignals
{
    private readonly TerminalState _state;
    private readonly VtParser _parser;

    /// <summary>An 80×24 terminal with the default scrollback (5,000 lines).</summary>
    public TerminalEmulator()
        : this(new TerminalOptions())
    {
    }

    /// <exception cref="ArgumentException">The options are out of range; the message names every one.</exception>
    public TerminalEmulator(TerminalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        ScrollbackLimit = options.ScrollbackLines;
        _state = new TerminalState(options.Cols, options.Rows, options.ScrollbackLines, this);
        _parser = new VtParser(_state, options.MaxPayloadBytes);
    }

    /// <summary>A BEL (0x07) outside any string sequence (a BEL ending an OSC is its terminator, not a bell).</summary>
    public event EventHandler? Bell;

    /// <summary>OSC 9, OSC 777 or OSC 99 asked for a desktop notification.</summary>
    public event EventHandler<TerminalNotification>? Notification;

    /// <summary>The title changed (OSC 0 or 2, or a title restored by <c>CSI 23 t</c>); the argument is the new title.</summary>
    public event EventHandler<string>? TitleChanged;

    /// <summary>Width in cells.</summary>
    public int Cols => _state.Cols;

    /// <summary>Height in rows.</summary>
    public int Rows => _state.Rows;

    /// <summary>Most lines kept above the main screen (<see cref="TerminalOptions.ScrollbackLines"/>).</summary>
    public int ScrollbackLimit { get; }

    /// <summary>Lines now above the shown screen (always 0 on the alternate screen).</summary>
    public int ScrollbackCount => _state.Active.ScrollbackCount;

    /// <summary>The title set by OSC 0 or 2; empty when none was.</summary>
    public string Title => _state.Title;

    /// <summary>True while the alternate screen is shown.</summary>
    public bool IsAlternateScreen => _state.IsAlternate;

    /// <summary>Cursor column, 0-based; equals <see cref="Cols"/> while a wrap is pending.</summary>
    public int CursorX => _state.Active.X;

    /// <summary>Cursor row, 0-based.</summary>
    public int CursorY => _state.Active.Y;

    /// <summary>The modes a viewer must restore.</summary>
    public TerminalModes Modes => new(
        _state.ApplicationCursorKeys,
        _state.ApplicationKeypad,
        _state.BracketedPaste,
        _state.Mouse,
        _state.MouseEncoding,
        _state.SendFocus,
        !_state.CursorHidden,
        _state.InsertMode,
        _state.Wraparound,
        _state.Origin,
        _state.ReverseWraparound,
        _state.ConvertEol,
        _state.CursorStyle);

    internal TerminalState State => _state;

    /// <summary>
    /// Parses output. Any split is fine: a UTF-8 character or an escape sequence cut between two calls is completed
    /// by the next one. Events are raised during the call, in the order of the bytes. Allocates nothing for
    /// ordinary output (text, colours, cursor movement); a new title or a notification allocates its string.
    /// </summary>
    public void Feed(ReadOnlySpan<byte> data) => _parser.Feed(data);

    /// <summary>New size (1 to 1000 each). Rows follow xterm.js; lines are cut or padded, not re-wrapped.</summary>
    public void Resize(int columns, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(columns, TerminalOptions.MaxDimension);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, TerminalOptions.MaxDimension);
        _state.Resize(columns, rows);
    }

    /// <summary>The shown screen as text, with up to <paramref name="scrollbackLines"/> lines of scrollback above it.</summary>
    public TerminalScreenText GetScreenText(int scrollbackLines = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scrollbackLines);
        return ScreenTextReader.Read(_state, scrollbackLines);
    }

    /// <summary>
    /// Escape sequences that rebuild this state in a fresh xterm.js terminal of the same size: it starts with a full
    /// reset (<c>ESC c</c>), then the main screen with up to <paramref name="scrollbackLines"/> lines of scrollback
    /// above it, the alternate screen over it when that is shown, scroll regions, tab stops, saved cursors,
    /// character sets, modes, title, cursor and current attributes. Written to a terminal of another size, the
    /// result is undefined. The receiving terminal needs a scrollback of at least <paramref name="scrollbackLines"/>.
    /// </summary>
    public byte[] CreateSnapshot(int scrollbackLines)
    {
        var writer = new ArrayBufferWriter<byte>(4096);
        WriteSnapshot(writer, scrollbackLines);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>As <see cref="CreateSnapshot"/>, into a caller's buffer.</summary>
    public void WriteSnapshot(IBufferWriter<byte> writer, int scrollbackLines)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfNegative(scrollbackLines);
        new SnapshotWriter(_state, _parser, writer).Write(scrollbackLines);
    }

    void ITerminalSignals.Bell() => Bell?.Invoke(this, EventArgs.Empty);

    void ITerminalSignals.Notification(TerminalNotification notification) => Notification?.Invoke(this, notification);

    void ITerminalSignals.TitleChanged(string title) => TitleChanged?.Invoke(this, title);
}
