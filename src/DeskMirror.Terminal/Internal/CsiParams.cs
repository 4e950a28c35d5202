namespace DeskMirror.Terminal.Internal;

/// <summary>
/// Numeric parameters of a control sequence, as xterm.js collects them: an empty parameter is 0, a colon starts
/// a sub-parameter (an empty one is -1), values stop growing at <see cref="MaxValue"/>, and parameters past
/// <see cref="MaxParams"/> (sub-parameters past <see cref="MaxSubParams"/>) are dropped, so a stray sequence
/// never grows anything.
/// </summary>
internal sealed class CsiParams
{
    public const int MaxParams = 32;
    public const int MaxSubParams = 32;
    public const int MaxValue = int.MaxValue;

    private readonly int[] _values = new int[MaxParams];
    private readonly int[] _subValues = new int[MaxSubParams];

    // Per parameter: index of its first sub-parameter (low 8 bits: end, next 8 bits: start).
    private readonly int[] _subRanges = new int[MaxParams];
    private int _subCount;
    private bool _rejectDigits;
    private bool _rejectSubDigits;
    private bool _digitIsSub;

    public int Count { get; private set; }

    public int this[int index] => _values[index];

    /// <summary>The parameter, or <paramref name="fallback"/> when it is absent or 0 (the usual "default 1").</summary>
    public int Or(int index, int fallback) => index < Count && _values[index] != 0 ? _values[index] : fallback;

    public bool HasSubParams(int index) => index < Count && (_subRanges[index] & 0xFF) > (_subRanges[index] >> 8);

    public ReadOnlySpan<int> SubParams(int index)
    {
        var start = _subRanges[index] >> 8;
        var end = _subRanges[index] & 0xFF;
        return _subValues.AsSpan(start, end - start);
    }

    public void Reset()
    {
        Count = 0;
        _subCount = 0;
        _rejectDigits = false;
        _rejectSubDigits = false;
        _digitIsSub = false;
        AddParam(0);
    }

    public void AddParam(int value)
    {
        _digitIsSub = false;
        if (Count >= MaxParams)
        {
            _rejectDigits = true;
            return;
        }

        _subRanges[Count] = (_subCount << 8) | _subCount;
        _values[Count++] = value;
    }

    public void AddSubParam(int value)
    {
        _digitIsSub = true;
        if (Count == 0)
        {
            return;
        }

        if (_rejectDigits || _subCount >= MaxSubParams)
        {
            _rejectSubDigits = true;
            return;
        }

        _subValues[_subCount++] = value;
        _subRanges[Count - 1]++;
    }

    /// <summary>Sets the last parameter at once (what digits added one by one would give), unless parameters are full.</summary>
    public void SetLast(int value)
    {
        if (!_rejectDigits && Count > 0)
        {
            _values[Count - 1] = value;
        }
    }

    public void AddDigit(int digit)
    {
        var length = _digitIsSub ? _subCount : Count;
        if (_rejectDigits || length == 0 || (_digitIsSub && _rejectSubDigits))
        {
            return;
        }

        var store = _digitIsSub ? _subValues : _values;
        var current = store[length - 1];
        store[length - 1] = current == -1 ? digit : (int)Math.Min(((long)current * 10) + digit, MaxValue);
    }
}
