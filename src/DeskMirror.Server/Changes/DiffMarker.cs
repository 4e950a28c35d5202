namespace DeskMirror.Server.Changes;

/// <summary>The line that ends a diff cut at <see cref="ChangesOptions.MaxDiffLines"/> or <see cref="ChangesOptions.MaxDiffBytes"/>.</summary>
public static class DiffMarker
{
    /// <summary>Start of the marker line; no line of a unified diff starts this way.</summary>
    public const string Prefix = "### DeskMirror: diff cut";

    /// <summary>Response header of a cut diff: <c>X-Diff-Truncated: true</c>.</summary>
    public const string Header = "X-Diff-Truncated";

    /// <summary>The whole marker line (without its newline).</summary>
    public static string Line(int maxLines, int maxBytes)
        => $"{Prefix} here: it is longer than the limit of {maxLines} lines or {maxBytes} bytes; the rest is not shown.";
}
