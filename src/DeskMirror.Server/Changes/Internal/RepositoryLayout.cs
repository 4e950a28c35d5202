namespace DeskMirror.Server.Changes.Internal;

/// <summary>
/// Where a project sits in its git work tree: the work tree's top folder (every git command runs there and every
/// listed path is relative to it), the git folder, the project's folder relative to the top (<c>""</c> when the
/// project is the top; the list is limited to it otherwise), the object format and the repository's filter drivers.
/// </summary>
internal sealed record RepositoryLayout(string TopLevel, string GitDirectory, string Prefix, string ObjectFormat, IReadOnlyCollection<string> FilterDrivers)
{
    /// <summary>What an unborn HEAD (no commit yet) is compared with.</summary>
    public string EmptyTree => ObjectFormat == "sha256"
        ? "6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321"
        : "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    /// <summary>The project's folder as a literal pathspec, or null for the whole work tree.</summary>
    public string? Pathspec => Prefix.Length == 0 ? null : Prefix.TrimEnd('/');

    /// <summary>Same work tree, git folder and project folder (the filter drivers may differ: they are read anew every time).</summary>
    public bool SamePlaceAs(RepositoryLayout other)
        => other is not null
            && string.Equals(TopLevel, other.TopLevel, StringComparison.Ordinal)
            && string.Equals(GitDirectory, other.GitDirectory, StringComparison.Ordinal)
            && string.Equals(Prefix, other.Prefix, StringComparison.Ordinal);

    /// <summary>The safe global options followed by <paramref name="command"/>.</summary>
    public List<string> Command(long bigFileBytes, params IEnumerable<string> command)
    {
        var arguments = GitArguments.Safe(FilterDrivers, bigFileBytes);
        arguments.AddRange(command);
        return arguments;
    }
}
