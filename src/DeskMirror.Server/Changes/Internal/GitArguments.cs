using System.Globalization;

namespace DeskMirror.Server.Changes.Internal;

/// <summary>
/// The arguments that come before every git command DeskMirror runs. A repository's own configuration (its
/// <c>.git/config</c>, which an agent or a downloaded archive can write) can name programs that git runs while it
/// reads: an fsmonitor hook, clean/smudge filters, external diff drivers, textconv commands, a pager, and transports
/// that a partial clone would use to fetch a missing object. Values given with <c>-c</c> win over every config file,
/// so these switch all of them off; the diff commands add <c>--no-ext-diff --no-textconv</c>. See docs/security.md.
/// </summary>
internal static class GitArguments
{
    private static readonly string[] Transports = ["file", "git", "ssh", "http", "https", "ext"];

    /// <summary>The global options for a repository whose config defines the given filter drivers.</summary>
    public static List<string> Safe(IReadOnlyCollection<string> filterDrivers, long bigFileBytes)
    {
        List<string> arguments =
        [
            "--no-pager",
            // A path is a path: no pathspec magic (":(top)", ":!") and no wildcards, whatever a file is called.
            "--literal-pathspecs",
            "-c", "core.fsmonitor=false",
            "-c", "core.useBuiltinFSMonitor=false",
            "-c", "core.hooksPath=/dev/null",
            "-c", "core.pager=cat",
            "-c", "diff.external=",
            "-c", "color.ui=false",
            "-c", "status.relativePaths=false",
            "-c", "diff.relative=false",
            "-c", "diff.noprefix=false",
            "-c", "diff.mnemonicPrefix=false",
            "-c", "submodule.recurse=false",
            "-c", "core.bigFileThreshold=" + bigFileBytes.ToString(CultureInfo.InvariantCulture),
            "-c", "protocol.allow=never",
        ];
        foreach (var transport in Transports)
        {
            arguments.Add("-c");
            arguments.Add($"protocol.{transport}.allow=never");
        }

        // An empty command disables a filter driver; "required" would otherwise turn the no-op into an error.
        foreach (var driver in filterDrivers)
        {
            foreach (var key in (string[])["clean", "smudge", "process"])
            {
                arguments.Add("-c");
                arguments.Add($"filter.{driver}.{key}=");
            }

            arguments.Add("-c");
            arguments.Add($"filter.{driver}.required=false");
        }

        return arguments;
    }

    /// <summary>
    /// The filter driver names in <c>git config -z --get-regexp ^filter\.</c> output (<c>key\nvalue\0</c> records,
    /// keys like <c>filter.lfs.clean</c>; a driver's name may itself contain dots).
    /// </summary>
    public static IReadOnlyCollection<string> ParseFilterDrivers(ReadOnlySpan<byte> output)
    {
        var drivers = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var record in System.Text.Encoding.UTF8.GetString(output).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var newline = record.IndexOf('\n', StringComparison.Ordinal);
            var key = newline < 0 ? record : record[..newline];
            var lastDot = key.LastIndexOf('.');
            if (key.StartsWith("filter.", StringComparison.OrdinalIgnoreCase) && lastDot > "filter.".Length)
            {
                drivers.Add(key["filter.".Length..lastDot]);
            }
        }

        return drivers;
    }
}
