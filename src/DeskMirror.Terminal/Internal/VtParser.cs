using System.Text;

namespace DeskMirror.Terminal.Internal;

/// <summary>
/// Bytes to terminal actions in one pass: UTF-8 decoding that carries a split character over to the next call,
/// the DEC ANSI state machine of <see cref="ParserTable"/>, and a fast path that hands runs of printable ASCII to
/// the state in one call. Nothing here grows: parameters are capped by <see cref="CsiParams"/>, an operating
/// system command is kept up to a fixed number of bytes (a longer one is dropped whole), and device control
/// strings, SOS, PM and APC are consumed without being kept.
/// </summary>
internal sealed class VtParser
{
    private readonly TerminalState _terminal;
    private readonly CsiParams _params = new();
    private readonly byte[] _osc;
    private readonly byte[] _pending;
    private int _pendingLength;
    private bool _pendingTruncated;
    private int _oscLength;
    private bool _oscOverflow;
    private int _state;
    private int _collect;

    // Set when an ESC ended one sequence and began the next: what is pending starts again at that byte.
    private bool _restart;

    // A UTF-8 character in progress: its code point so far, continuation bytes still missing, its total length.
    private int _utf8CodePoint;
    private int _utf8Missing;
    private int _utf8Length;

    public VtParser(TerminalState terminal, int maxPayloadBytes)
    {
        _terminal = terminal;
        _osc = new byte[maxPayloadBytes];
        _pending = new byte[maxPayloadBytes + 64];
        _params.Reset();
    }

    /// <summary>True between sequences: no escape sequence or UTF-8 character is half-way through.</summary>
    public bool AtBoundary => _state == ParserTable.Ground && _utf8Missing == 0;

    /// <summary>
    /// The bytes of the sequence (or UTF-8 character) that the last <see cref="Feed"/> left unfinished, so a
    /// snapshot can end with them and the receiver goes on parsing the next bytes exactly as we do. Kept up to a
    /// bound; past it <see cref="PendingTruncated"/> is set and only the first bytes are here.
    /// </summary>
    public ReadOnlySpan<byte> Pending => _pending.AsSpan(0, _pendingLength);

    public bool PendingTruncated => _pendingTruncated;

    /// <summary>The state the unfinished sequence is in (a <see cref="ParserTable"/> state).</summary>
    public int State => _state;

    public void Feed(ReadOnlySpan<byte> data)
    {
        // Where, in this call's data, the unfinished sequence began: 0 when it began in an earlier call.
        var sequenceStart = 0;
        if (AtBoundary)
        {
            ForgetPending();
        }

        var i = 0;
        while (i < data.Length)
        {
            var b = data[i];
            if (_utf8Missing == 0 && _state == ParserTable.Ground)
            {
                // At a boundary: the fast paths, each of which ends at a boundary again or hands over below.
                if (b is >= 0x20 and < 0x7F)
                {
                    var run = data[i..];
                    var length = run.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E);
                    if (length < 0)
                    {
                        length = run.Length;
                    }

                    _terminal.PrintAscii(run[..length]);
                    i += length;
                    continue;
                }

                if (b < 0x20 && b != 0x1B)
                {
                    // A C0 control in the ground state is always executed and leaves the state as it is.
                    _terminal.Execute(b);
                    i++;
                    continue;
                }

                // Whatever comes now starts at this byte, should it be left unfinished.
                sequenceStart = i;
                ForgetPending();
                if (b == 0x1B && i + 1 < data.Length && data[i + 1] == '[')
                {
                    var end = ControlSequence(data, i + 2);
                    i = end < 0 ? ~end : end;
                    continue;
                }

                if (b >= 0x80)
                {
                    var end = PrintUtf8Run(data, i);
                    if (end > i)
                    {
                        i = end;
                        continue;
                    }
                }
            }

            int code;
            if (_utf8Missing == 0)
            {
                i++;
                if (b >= 0x80)
                {
                    StartUtf8(b);
                    continue;
                }

                code = b;
            }
            else
            {
                if ((b & 0xC0) != 0x80)
                {
                    // Not a continuation: the character in progress is dropped and this byte starts afresh.
                    _utf8Missing = 0;
                    continue;
                }

                i++;
                _utf8CodePoint = (_utf8CodePoint << 6) | (b & 0x3F);
                if (--_utf8Missing > 0)
                {
                    continue;
                }

                code = _utf8CodePoint;
                if (!IsValid(code, _utf8Length))
                {
                    continue;
                }
            }

            Step(code);
            if (_restart)
            {
                // An ESC ended one sequence and began the next: what may be pending starts again at it.
                _restart = false;
                sequenceStart = i - 1;
                ForgetPending();
            }
        }

        if (!AtBoundary)
        {
            KeepPending(data[sequenceStart..]);
        }
    }

    private void ForgetPending()
    {
        _pendingLength = 0;
        _pendingTruncated = false;
    }

    private void KeepPending(ReadOnlySpan<byte> bytes)
    {
        var room = _pending.Length - _pendingLength;
        if (bytes.Length > room)
        {
            _pendingTruncated = true;
            bytes = bytes[..room];
        }

        bytes.CopyTo(_pending.AsSpan(_pendingLength));
        _pendingLength += bytes.Length;
    }

    /// <summary>
    /// The common control sequence (<c>ESC [</c>, an optional prefix, numeric parameters, a final byte) parsed in
    /// one loop, with the same effect as the state machine. Returns the index after the final byte; or, at
    /// anything else (an intermediate byte, a control, the end of the data), leaves the state machine in the state
    /// it would have reached and returns the complement of the index of the first byte it did not consume.
    /// </summary>
    private int ControlSequence(ReadOnlySpan<byte> data, int j)
    {
        _params.Reset();
        _collect = 0;
        var state = ParserTable.CsiEntry;

        // The parameter being read is kept in a local and stored at ';' or the final byte; a sub-parameter (':')
        // stores it and goes on digit by digit, as the state machine does.
        var value = 0;
        var local = true;
        for (; j < data.Length; j++)
        {
            var c = data[j];
            if (c is >= (byte)'0' and <= (byte)'9')
            {
                if (local)
                {
                    value = value < 214_748_364 ? (value * 10) + (c - '0') : (int)Math.Min((value * 10L) + (c - '0'), CsiParams.MaxValue);
                }
                else
                {
                    _params.AddDigit(c - '0');
                }

                state = ParserTable.CsiParam;
            }
            else if (c == ';')
            {
                if (local)
                {
                    _params.SetLast(value);
                }

                _params.AddParam(0);
                value = 0;
                local = true;
                state = ParserTable.CsiParam;
            }
            else if (c == ':')
            {
                if (local)
                {
                    _params.SetLast(value);
                    local = false;
                }

                _params.AddSubParam(-1);
                state = ParserTable.CsiParam;
            }
            else if (c is >= 0x40 and <= 0x7E)
            {
                if (local)
                {
                    _params.SetLast(value);
                }

                _terminal.CsiDispatch((_collect << 8) | c, _params);
                _state = ParserTable.Ground;
                return j + 1;
            }
            else if (c is >= 0x3C and <= 0x3F && state == ParserTable.CsiEntry)
            {
                _collect = c;
                state = ParserTable.CsiParam;
            }
            else
            {
                break;
            }
        }

        if (local)
        {
            _params.SetLast(value);
        }

        _state = state;
        return ~j;
    }

    /// <summary>
    /// Prints the complete, valid UTF-8 characters from <paramref name="i"/> on, up to the first ASCII byte, C1
    /// control or character that is cut or invalid (left to the byte-by-byte path); returns where it stopped.
    /// </summary>
    private int PrintUtf8Run(ReadOnlySpan<byte> data, int i)
    {
        while (i < data.Length)
        {
            var b = data[i];
            int code;
            int length;
            if ((b & 0xE0) == 0xC0 && i + 1 < data.Length && (data[i + 1] & 0xC0) == 0x80)
            {
                code = ((b & 0x1F) << 6) | (data[i + 1] & 0x3F);
                length = 2;
            }
            else if ((b & 0xF0) == 0xE0 && i + 2 < data.Length && (data[i + 1] & 0xC0) == 0x80 && (data[i + 2] & 0xC0) == 0x80)
            {
                code = ((b & 0x0F) << 12) | ((data[i + 1] & 0x3F) << 6) | (data[i + 2] & 0x3F);
                length = 3;
            }
            else if ((b & 0xF8) == 0xF0 && i + 3 < data.Length && (data[i + 1] & 0xC0) == 0x80 && (data[i + 2] & 0xC0) == 0x80 && (data[i + 3] & 0xC0) == 0x80)
            {
                code = ((b & 0x07) << 18) | ((data[i + 1] & 0x3F) << 12) | ((data[i + 2] & 0x3F) << 6) | (data[i + 3] & 0x3F);
                length = 4;
            }
            else
            {
                break;
            }

            if (code < ParserTable.NonAsciiPrintable || !IsValid(code, length))
            {
                break;
            }

            _terminal.Print(code);
            i += length;
        }

        return i;
    }

    private void StartUtf8(byte lead)
    {
        // xterm.js drops invalid lead bytes silently; so do we.
        if ((lead & 0xE0) == 0xC0)
        {
            _utf8CodePoint = lead & 0x1F;
            _utf8Missing = 1;
            _utf8Length = 2;
        }
        else if ((lead & 0xF0) == 0xE0)
        {
            _utf8CodePoint = lead & 0x0F;
            _utf8Missing = 2;
            _utf8Length = 3;
        }
        else if ((lead & 0xF8) == 0xF0)
        {
            _utf8CodePoint = lead & 0x07;
            _utf8Missing = 3;
            _utf8Length = 4;
        }
    }

    // Overlong forms, surrogates and U+FEFF are dropped, as xterm.js's decoder drops them.
    private static bool IsValid(int code, int length) => length switch
    {
        2 => code >= 0x80,
        3 => code >= 0x800 && code is < 0xD800 or > 0xDFFF && code != 0xFEFF,
        _ => code is >= 0x10000 and <= 0x10FFFF,
    };

    private void Step(int code)
    {
        var transition = ParserTable.Table[(_state * ParserTable.Cols) + Math.Min(code, ParserTable.NonAsciiPrintable)];
        var next = transition & 0x0F;
        switch (transition >> 4)
        {
            case ParserTable.Print:
                _terminal.Print(code);
                break;
            case ParserTable.Execute:
                _terminal.Execute(code);
                break;
            case ParserTable.Clear:
                _params.Reset();
                _collect = 0;
                _restart = code == 0x1B;
                break;
            case ParserTable.Param:
                if (code == ';')
                {
                    _params.AddParam(0);
                }
                else if (code == ':')
                {
                    _params.AddSubParam(-1);
                }
                else
                {
                    _params.AddDigit(code - '0');
                }

                break;
            case ParserTable.Collect:
                _collect = (_collect << 8) | code;
                break;
            case ParserTable.CsiDispatch:
                _terminal.CsiDispatch((_collect << 8) | code, _params);
                break;
            case ParserTable.EscDispatch:
                _terminal.EscDispatch((_collect << 8) | code);
                break;
            case ParserTable.OscStart:
                _oscLength = 0;
                _oscOverflow = false;
                break;
            case ParserTable.OscPut:
                PutOsc(code);
                break;
            case ParserTable.OscEnd:
                if (code is not (0x18 or 0x1A) && !_oscOverflow)
                {
                    _terminal.OscDispatch(_osc.AsSpan(0, _oscLength));
                }

                EndString(code, ref next);
                break;
            case ParserTable.DcsUnhook:
                EndString(code, ref next);
                break;
        }

        _state = next;
    }

    private void EndString(int code, ref int next)
    {
        _params.Reset();
        _collect = 0;
        _terminal.JoinState = 0;
        if (code == 0x1B)
        {
            next = ParserTable.Escape;
            _restart = true;
        }
    }

    private void PutOsc(int code)
    {
        if (_oscOverflow)
        {
            return;
        }

        Span<byte> utf8 = stackalloc byte[4];
        var length = new Rune(code).EncodeToUtf8(utf8);
        if (_oscLength + length > _osc.Length)
        {
            _oscOverflow = true;
            return;
        }

        utf8[..length].CopyTo(_osc.AsSpan(_oscLength));
        _oscLength += length;
    }
}
