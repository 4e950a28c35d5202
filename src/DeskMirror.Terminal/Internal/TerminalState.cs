namespace DeskMirror.Terminal.Internal;

/// <summary>
/// The terminal's state and the effect of every control function on it. The rules are xterm.js's (6.0), so
/// the screen held here is the screen a browser shows for the same bytes; where xterm.js has a quirk, the
/// quirk is kept, since agreeing with the viewer matters more than agreeing with a manual.
/// </summary>
internal sealed partial class TerminalState
{
    /// <summary>Titles kept by <c>CSI 22 t</c>, as xterm.js.</summary>
    private const int TitleStackLimit = 10;

    /// <summary>Largest relative cursor move applied; a larger count means the same (the edge), without overflow.</summary>
    private const int MaxDimensionMove = 1 << 20;

    private readonly ITerminalSignals _signals;
    private readonly int _maxScrollback;
    private readonly List<string> _titleStack = [];
    private readonly char[] _charsets = new char[4];
    private int _glevel;

    public TerminalState(int columns, int rows, int maxScrollback, ITerminalSignals signals)
    {
        _signals = signals;
        _maxScrollback = maxScrollback;
        Main = new ScreenBuffer(columns, rows, maxScrollback);
        Alt = new ScreenBuffer(columns, rows, 0);
        Main.FillViewport(default);
        Active = Main;
    }

    public ScreenBuffer Main { get; private set; }

    public ScreenBuffer Alt { get; private set; }

    public ScreenBuffer Active { get; private set; }

    public int Cols => Main.Cols;

    public int Rows => Main.Rows;

    public bool IsAlternate => ReferenceEquals(Active, Alt);

    /// <summary>Current attributes (SGR).</summary>
    public int Fg;

    public int Bg;

    /// <summary>xterm.js's "preceding join state": what a following zero-width character would join.</summary>
    public int JoinState;

    /// <summary>The character set in GL (G0 to G3, as selected by SI/SO/LS2/LS3).</summary>
    public char Charset;

    public bool InsertMode;
    public bool ConvertEol;
    public bool Wraparound = true;
    public bool Origin;
    public bool ReverseWraparound;
    public bool ApplicationCursorKeys;
    public bool ApplicationKeypad;
    public bool BracketedPaste;
    public bool SendFocus;
    public bool CursorHidden;
    public MouseTracking Mouse;
    public MouseEncoding MouseEncoding;

    /// <summary>DECSCUSR value (0 = the viewer's default).</summary>
    public int CursorStyle;

    public string Title { get; private set; } = string.Empty;

    /// <summary>Titles saved by <c>CSI 22 t</c>, oldest first.</summary>
    public IReadOnlyList<string> TitleStack => _titleStack;

    public ReadOnlySpan<char> CharsetDesignations => _charsets;

    public int GLevel => _glevel;

    /// <summary>An erased cell: no content, the current background colour, nothing else (xterm.js's erase attributes).</summary>
    public Cell EraseCell => new() { Bg = Bg & Attr.ColorAndModeMask };

    /// <summary>An empty cell with the current attributes.</summary>
    private Cell NullCell => new() { Fg = Fg, Bg = Bg };

    private Cell Placeholder => new() { Content = Cell.WidePlaceholder, Fg = Fg, Bg = Bg };

    public void Execute(int code)
    {
        switch (code)
        {
            case 0x07:
                _signals.Bell();
                break;
            case 0x0A or 0x0B or 0x0C:
                LineFeed();
                break;
            case 0x0D:
                Active.X = 0;
                break;
            case 0x08:
                Backspace();
                break;
            case 0x09:
                if (Active.X < Cols)
                {
                    Active.X = Active.NextTabStop(Active.X);
                }

                break;
            case 0x0E:
                SetGLevel(1);
                break;
            case 0x0F:
                SetGLevel(0);
                break;
            case 0x84:
                Index();
                break;
            case 0x85:
                Active.X = 0;
                Index();
                break;
            case 0x88:
                SetTabStop();
                break;
        }

        JoinState = 0;
    }

    public void EscDispatch(int ident)
    {
        switch (ident)
        {
            case '7':
                SaveCursor();
                break;
            case '8':
                RestoreCursor();
                break;
            case 'D':
                Index();
                break;
            case 'E':
                Active.X = 0;
                Index();
                break;
            case 'H':
                SetTabStop();
                break;
            case 'M':
                ReverseIndex();
                break;
            case '=':
                ApplicationKeypad = true;
                break;
            case '>':
                ApplicationKeypad = false;
                break;
            case 'c':
                FullReset();
                break;
            case 'n' or '}':
                SetGLevel(2);
                break;
            case 'o' or '|':
                SetGLevel(3);
                break;
            case '~':
                SetGLevel(1);
                break;
            case ('%' << 8) | '@' or ('%' << 8) | 'G':
                SetGLevel(0);
                SetCharset(0, Charsets.Ascii);
                break;
            case ('#' << 8) | '8':
                ScreenAlignmentPattern();
                break;
            default:
                DesignateCharset(ident >> 8, (char)(ident & 0xFF));
                break;
        }

        JoinState = 0;
    }

    public void LineFeed()
    {
        var buffer = Active;
        if (ConvertEol)
        {
            buffer.X = 0;
        }

        buffer.Y++;
        if (buffer.Y == buffer.ScrollBottom + 1)
        {
            buffer.Y--;
            buffer.ScrollUp(EraseCell, isWrapped: false);
        }
        else if (buffer.Y >= Rows)
        {
            buffer.Y = Rows - 1;
        }
        else
        {
            buffer.Line(buffer.Y).IsWrapped = false;
        }

        if (buffer.X >= Cols)
        {
            buffer.X--;
        }
    }

    public void Index()
    {
        var buffer = Active;
        RestrictCursor();
        buffer.Y++;
        if (buffer.Y == buffer.ScrollBottom + 1)
        {
            buffer.Y--;
            buffer.ScrollUp(EraseCell, isWrapped: false);
        }
        else if (buffer.Y >= Rows)
        {
            buffer.Y = Rows - 1;
        }

        RestrictCursor();
    }

    public void ReverseIndex()
    {
        var buffer = Active;
        RestrictCursor();
        if (buffer.Y == buffer.ScrollTop)
        {
            buffer.ShiftDown(buffer.ScrollTop, buffer.ScrollBottom, EraseCell);
        }
        else
        {
            buffer.Y--;
            RestrictCursor();
        }
    }

    public void SaveCursor()
    {
        var buffer = Active;
        buffer.Saved = new SavedCursor { X = buffer.X, Y = buffer.ScrollbackCount + buffer.Y, Fg = Fg, Bg = Bg, Charset = Charset };
    }

    public void RestoreCursor()
    {
        var buffer = Active;
        buffer.X = buffer.Saved.X;
        buffer.Y = Math.Max(buffer.Saved.Y - buffer.ScrollbackCount, 0);
        Fg = buffer.Saved.Fg;
        Bg = buffer.Saved.Bg;
        Charset = buffer.Saved.Charset;
        RestrictCursor();
    }

    public void ActivateAlternate()
    {
        if (IsAlternate)
        {
            return;
        }

        Alt.FillViewport(EraseCell);
        Alt.X = Main.X;
        Alt.Y = Main.Y;
        Active = Alt;
    }

    public void ActivateMain()
    {
        if (!IsAlternate)
        {
            return;
        }

        Main.X = Alt.X;
        Main.Y = Alt.Y;
        Alt.Clear();
        Active = Main;
    }

    public void SetTitle(string title)
    {
        if (title == Title)
        {
            return;
        }

        Title = title;
        _signals.TitleChanged(title);
    }

    /// <summary>RIS, as xterm.js: everything back to its start except the title, cursor visibility and LNM, which xterm.js keeps.</summary>
    public void FullReset()
    {
        Main = new ScreenBuffer(Cols, Rows, _maxScrollback);
        Alt = new ScreenBuffer(Cols, Rows, 0);
        Main.FillViewport(default);
        Active = Main;
        Fg = 0;
        Bg = 0;
        JoinState = 0;
        ResetCharsets();
        InsertMode = false;
        Wraparound = true;
        Origin = false;
        ReverseWraparound = false;
        ApplicationCursorKeys = false;
        ApplicationKeypad = false;
        BracketedPaste = false;
        SendFocus = false;
        Mouse = MouseTracking.None;
        MouseEncoding = MouseEncoding.Default;
        CursorStyle = 0;
    }

    public void Resize(int columns, int rows)
    {
        if (columns == Cols && rows == Rows)
        {
            return;
        }

        Main.Resize(columns, rows);
        Alt.Resize(columns, rows);
    }

    private void SoftReset()
    {
        var buffer = Active;
        CursorHidden = false;
        buffer.ScrollTop = 0;
        buffer.ScrollBottom = Rows - 1;
        Fg = 0;
        Bg = 0;
        InsertMode = false;
        Wraparound = true;
        Origin = false;
        ReverseWraparound = false;
        ApplicationCursorKeys = false;
        ApplicationKeypad = false;
        BracketedPaste = false;
        SendFocus = false;
        CursorStyle = 0;
        ResetCharsets();
        buffer.Saved = new SavedCursor { X = 0, Y = buffer.ScrollbackCount };
    }

    private void ResetCharsets()
    {
        Array.Clear(_charsets);
        _glevel = 0;
        Charset = Charsets.Ascii;
    }

    private void SetGLevel(int level)
    {
        _glevel = level;
        Charset = _charsets[level];
    }

    private void SetCharset(int g, char charset)
    {
        _charsets[g] = charset;
        if (_glevel == g)
        {
            Charset = charset;
        }
    }

    private void DesignateCharset(int intermediate, char final)
    {
        var g = intermediate switch
        {
            '(' => 0,
            ')' or '-' => 1,
            '*' or '.' => 2,
            '+' => 3,
            _ => -1,
        };

        // xterm.js knows these designators; any other final byte designates nothing.
        if (g >= 0 && "0AB4C5RQKYE6ZH7=".Contains(final, StringComparison.Ordinal))
        {
            SetCharset(g, Charsets.FromDesignator(final));
        }
    }

    private void SetTabStop()
    {
        if (Active.X < Cols)
        {
            Active.Tabs[Active.X] = true;
        }
    }

    private void Backspace()
    {
        var buffer = Active;
        if (!ReverseWraparound)
        {
            RestrictCursor();
            if (buffer.X > 0)
            {
                buffer.X--;
            }

            return;
        }

        RestrictCursor(Cols);
        if (buffer.X > 0)
        {
            buffer.X--;
        }
        else if (buffer.Y > buffer.ScrollTop && buffer.Y <= buffer.ScrollBottom && buffer.Line(buffer.Y).IsWrapped)
        {
            buffer.Line(buffer.Y).IsWrapped = false;
            buffer.Y--;
            buffer.X = Cols - 1;
            var cell = buffer.Line(buffer.Y).Cells[buffer.X];
            if (cell.Width != 0 && !cell.HasContent)
            {
                buffer.X--;
            }
        }

        RestrictCursor();
    }

    private void ScreenAlignmentPattern()
    {
        var fill = new Cell { Content = Cell.MakeContent('E', 1), Fg = Fg, Bg = Bg };
        SetCursor(0, 0);
        for (var y = Active.Y; y < Rows; y++)
        {
            var line = Active.Line(y);
            line.Reset(fill);
        }

        SetCursor(0, 0);
    }

    private void RestrictCursor() => RestrictCursor(Cols - 1);

    private void RestrictCursor(int maxColumn)
    {
        var buffer = Active;
        buffer.X = Math.Min(maxColumn, Math.Max(0, buffer.X));
        buffer.Y = Origin
            ? Math.Min(buffer.ScrollBottom, Math.Max(buffer.ScrollTop, buffer.Y))
            : Math.Min(Rows - 1, Math.Max(0, buffer.Y));
    }

    private void SetCursor(int x, int y)
    {
        var buffer = Active;
        buffer.X = x;
        buffer.Y = Origin ? buffer.ScrollTop + y : y;
        RestrictCursor();
    }

    // xterm.js moves relative to the current row through SetCursor, which under origin mode adds the region's
    // top again; kept so the cursor lands where the viewer puts it.
    private void MoveCursor(int dx, int dy)
    {
        RestrictCursor();

        // Counts can be up to 2^31 - 1; past the screen they all mean "to the edge".
        SetCursor(Active.X + Math.Clamp(dx, -MaxDimensionMove, MaxDimensionMove), Active.Y + Math.Clamp(dy, -MaxDimensionMove, MaxDimensionMove));
    }
}
