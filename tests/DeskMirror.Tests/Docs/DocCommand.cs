using System.Text;
using System.Text.RegularExpressions;

namespace DeskMirror.Tests.Docs;

/// <summary>One shell command shown in the documentation: its lines joined, its trailing comment removed.</summary>
internal sealed partial record DocCommand(string File, int Line, string Text)
{
    /// <summary>The words of the command, quotes kept as written.</summary>
    public IReadOnlyList<string> Words => WordPattern().Matches(Text).Select(m => m.Value).ToList();

    /// <summary>
    /// A synopsis shows what <c>deskmirror</c> accepts (<c>[--port N]</c>, <c>…</c>) rather than a command to type.
    /// </summary>
    public bool IsSynopsis => Text.StartsWith("deskmirror", StringComparison.Ordinal) && OutsideQuotes(Text).Any(c => c is '[' or '…');

    public string Where => $"{File}:{Line}";

    /// <summary>The text with quoted parts left out (an option inside a quoted command is not this command's).</summary>
    public string Unquoted => string.Concat(OutsideQuotes(Text));

    public static DocCommand FromText(string text) => new("", 0, text);

    /// <summary>Every <c>sh</c>/<c>bash</c> fenced block of <paramref name="path"/>, as commands.</summary>
    public static IEnumerable<DocCommand> ReadAll(string root, string path)
    {
        var name = Path.GetRelativePath(root, path);
        var lines = System.IO.File.ReadAllLines(path);
        var inShell = false;
        var inFence = false;
        var pending = new StringBuilder();
        var pendingLine = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inShell = !inFence && line.Trim()[3..].Trim() is "sh" or "bash";
                inFence = !inFence;
                continue;
            }

            if (!inShell)
            {
                continue;
            }

            var code = StripComment(line).TrimEnd();
            if (pending.Length == 0)
            {
                pendingLine = i + 1;
            }

            var continued = code.EndsWith('\\');
            pending.Append(continued ? code[..^1] : code).Append(' ');
            // A synopsis may wrap onto indented lines that start with an option in brackets.
            var next = i + 1 < lines.Length ? lines[i + 1] : "";
            var wraps = next.Length > 0 && char.IsWhiteSpace(next[0]) && next.TrimStart().StartsWith('[');
            if (!continued && !wraps)
            {
                var text = string.Join(' ', pending.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
                if (text.Length > 0)
                {
                    yield return new DocCommand(name, pendingLine, text);
                }

                pending.Clear();
            }
        }
    }

    /// <summary>The line without a trailing <c># comment</c> (a <c>#</c> after a space, outside quotes).</summary>
    private static string StripComment(string line)
    {
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is null && c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return line[..i];
            }

            if (c is '\'' or '"')
            {
                quote = quote == c ? null : quote ?? c;
            }
        }

        return line;
    }

    private static IEnumerable<char> OutsideQuotes(string text)
    {
        char? quote = null;
        foreach (var c in text)
        {
            if (c is '\'' or '"')
            {
                quote = quote == c ? null : quote ?? c;
            }
            else if (quote is null)
            {
                yield return c;
            }
        }
    }

    [GeneratedRegex("""("[^"]*"|'[^']*'|\S)+""")]
    private static partial Regex WordPattern();
}
