namespace DeskMirror.Terminal.Internal;

internal sealed partial class TerminalState
{
    private void SetAnsiModes(CsiParams p, bool on)
    {
        for (var i = 0; i < p.Count; i++)
        {
            switch (p[i])
            {
                case 4:
                    InsertMode = on;
                    break;
                case 20:
                    ConvertEol = on;
                    break;
            }
        }
    }

    private void SetPrivateModes(CsiParams p, bool on)
    {
        for (var i = 0; i < p.Count; i++)
        {
            switch (p[i])
            {
                case 1:
                    ApplicationCursorKeys = on;
                    break;
                case 2 when on:
                    Array.Clear(_charsets);
                    Charset = Charsets.Ascii;
                    break;
                case 6:
                    Origin = on;
                    SetCursor(0, 0);
                    break;
                case 7:
                    Wraparound = on;
                    break;
                case 45:
                    ReverseWraparound = on;
                    break;
                case 66:
                    ApplicationKeypad = on;
                    break;
                case 9:
                    Mouse = on ? MouseTracking.X10 : MouseTracking.None;
                    break;
                case 1000:
                    Mouse = on ? MouseTracking.Vt200 : MouseTracking.None;
                    break;
                case 1002:
                    Mouse = on ? MouseTracking.Drag : MouseTracking.None;
                    break;
                case 1003:
                    Mouse = on ? MouseTracking.Any : MouseTracking.None;
                    break;
                case 1004:
                    SendFocus = on;
                    break;
                case 1006:
                    MouseEncoding = on ? MouseEncoding.Sgr : MouseEncoding.Default;
                    break;
                case 1016:
                    MouseEncoding = on ? MouseEncoding.SgrPixels : MouseEncoding.Default;
                    break;
                case 25:
                    CursorHidden = !on;
                    break;
                case 1048:
                    if (on)
                    {
                        SaveCursor();
                    }
                    else
                    {
                        RestoreCursor();
                    }

                    break;
                case 1049 or 47 or 1047:
                    if (on)
                    {
                        if (p[i] == 1049)
                        {
                            SaveCursor();
                        }

                        ActivateAlternate();
                    }
                    else
                    {
                        ActivateMain();
                        if (p[i] == 1049)
                        {
                            RestoreCursor();
                        }
                    }

                    break;
                case 2004:
                    BracketedPaste = on;
                    break;
            }
        }
    }

    private void SelectGraphicRendition(CsiParams p)
    {
        for (var i = 0; i < p.Count; i++)
        {
            var code = p[i];
            switch (code)
            {
                case 0:
                    Fg = 0;
                    Bg = 0;
                    break;
                case >= 30 and <= 37:
                    Fg = (Fg & ~Attr.ColorAndModeMask) | Attr.ModePalette16 | (code - 30);
                    break;
                case >= 40 and <= 47:
                    Bg = (Bg & ~Attr.ColorAndModeMask) | Attr.ModePalette16 | (code - 40);
                    break;
                case >= 90 and <= 97:
                    Fg = (Fg & ~Attr.ColorAndModeMask) | Attr.ModePalette16 | (code - 90 + 8);
                    break;
                case >= 100 and <= 107:
                    Bg = (Bg & ~Attr.ColorAndModeMask) | Attr.ModePalette16 | (code - 100 + 8);
                    break;
                case 1:
                    Fg |= Attr.Bold;
                    break;
                case 2:
                    Bg |= Attr.Dim;
                    break;
                case 3:
                    Bg |= Attr.Italic;
                    break;
                case 4:
                    SetUnderline(p.HasSubParams(i) ? p.SubParams(i)[0] : 1);
                    break;
                case 5:
                    Fg |= Attr.Blink;
                    break;
                case 7:
                    Fg |= Attr.Inverse;
                    break;
                case 8:
                    Fg |= Attr.Invisible;
                    break;
                case 9:
                    Fg |= Attr.Strikethrough;
                    break;
                case 21:
                    SetUnderline(2);
                    break;
                case 22:
                    Fg &= ~Attr.Bold;
                    Bg &= ~Attr.Dim;
                    break;
                case 23:
                    Bg &= ~Attr.Italic;
                    break;
                case 24:
                    SetUnderline(0);
                    break;
                case 25:
                    Fg &= ~Attr.Blink;
                    break;
                case 27:
                    Fg &= ~Attr.Inverse;
                    break;
                case 28:
                    Fg &= ~Attr.Invisible;
                    break;
                case 29:
                    Fg &= ~Attr.Strikethrough;
                    break;
                case 39:
                    Fg &= ~Attr.ColorAndModeMask;
                    break;
                case 49:
                    Bg &= ~Attr.ColorAndModeMask;
                    break;
                case 38 or 48 or 58:
                    i += ExtendedColor(p, i);
                    break;
                case 53:
                    Bg |= Attr.Overline;
                    break;
                case 55:
                    Bg &= ~Attr.Overline;
                    break;
            }
        }
    }

    // xterm.js: an empty or unknown style is single; 0 turns underline off.
    private void SetUnderline(int style)
    {
        if (style < 0 || style > 5)
        {
            style = 1;
        }

        Bg = (Bg & ~Attr.UnderlineMask) | (style << Attr.UnderlineShift);
    }

    /// <summary>
    /// 38/48/58 with <c>;5;n</c>, <c>;2;r;g;b</c> or their colon forms (<c>:2::r:g:b</c> with a colour space);
    /// returns how many further parameters were consumed. Underline colour (58) is read and dropped.
    /// </summary>
    private int ExtendedColor(CsiParams p, int position)
    {
        // Slots: [0] the 38/48/58, [1] mode, [2] colour space, [3..5] the values; as xterm.js's _extractColor.
        Span<int> accu = [0, 0, -1, 0, 0, 0];
        var colorSpace = 0;
        var advance = 0;
        do
        {
            accu[advance + colorSpace] = p[position + advance];
            if (p.HasSubParams(position + advance))
            {
                var sub = p.SubParams(position + advance);
                var k = 0;
                do
                {
                    if (accu[1] == 5)
                    {
                        colorSpace = 1;
                    }

                    accu[advance + k + 1 + colorSpace] = sub[k];
                }
                while (++k < sub.Length && k + advance + 1 + colorSpace < accu.Length);
                break;
            }

            if ((accu[1] == 5 && advance + colorSpace >= 2) || (accu[1] == 2 && advance + colorSpace >= 5))
            {
                break;
            }

            if (accu[1] != 0)
            {
                colorSpace = 1;
            }
        }
        while (++advance + position < p.Count && advance + colorSpace < accu.Length);

        for (var k = 2; k < accu.Length; k++)
        {
            if (accu[k] == -1)
            {
                accu[k] = 0;
            }
        }

        if (accu[0] == 38)
        {
            Fg = UpdateColor(Fg, accu[1], accu[3], accu[4], accu[5]);
        }
        else if (accu[0] == 48)
        {
            Bg = UpdateColor(Bg, accu[1], accu[3], accu[4], accu[5]);
        }

        return advance;
    }

    private static int UpdateColor(int attr, int mode, int c1, int c2, int c3)
    {
        if (mode == 2)
        {
            return (attr & ~Attr.ColorAndModeMask) | Attr.ModeRgb | ((c1 & 0xFF) << 16) | ((c2 & 0xFF) << 8) | (c3 & 0xFF);
        }

        if (mode == 5)
        {
            return (attr & ~Attr.ColorAndModeMask) | Attr.ModePalette256 | (c1 & 0xFF);
        }

        return attr;
    }
}
