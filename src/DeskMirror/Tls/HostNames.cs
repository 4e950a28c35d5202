using System.Net;
using System.Text;

namespace DeskMirror.Tls;

/// <summary>This machine's name as one DNS label (lower case, letters, digits and hyphens), the part before <c>.local</c>.</summary>
internal static class HostNames
{
    /// <summary>Used when the system's host name has no usable character.</summary>
    public const string Fallback = "deskmirror";

    public static string Label() => Label(Dns.GetHostName());

    /// <summary>The first label of <paramref name="hostName"/>, reduced to what a DNS label may hold (63 characters at most).</summary>
    public static string Label(string? hostName)
    {
        var first = (hostName ?? "").Split('.')[0].ToLowerInvariant();
        var label = new StringBuilder(first.Length);
        foreach (var c in first)
        {
            label.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        var text = label.ToString().Trim('-');
        if (text.Length > 63)
        {
            text = text[..63].TrimEnd('-');
        }

        return text.Length == 0 ? Fallback : text;
    }
}
