using System.Text;

namespace DeskMirror.Server.Changes.Internal;

/// <summary>
/// The git side of the Changes view: finds a folder's work tree, reads its status with line counts, and one file's
/// diff against HEAD. Every failure is a <see cref="ChangesFailure"/>, never an exception.
/// </summary>
internal sealed class ChangesReader(ChangesOptions options, GitRunner git)
{
    private static readonly GitOutputLimit SmallOutput = new(64 * 1024, int.MaxValue, (byte)'\n');

    private readonly UntrackedCountCache _untracked = new();

    public ChangesOptions Options => options;

    /// <summary>The layout of the work tree holding <paramref name="folder"/>, or why there is none.</summary>
    public async Task<(RepositoryLayout? Layout, ChangesFailure? Failure)> LocateAsync(string folder, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            return (null, new ChangesFailure(ChangesFailureKind.NotAWorkTree, $"The project folder \"{folder}\" does not exist."));
        }

        var noDrivers = Array.Empty<string>();
        var revParse = git.RunAsync(
            folder,
            GitArguments.Safe(noDrivers, options.BigFileBytes).Concat(
                ["rev-parse", "--is-inside-work-tree", "--show-object-format", "--show-prefix", "--path-format=absolute", "--show-toplevel", "--git-dir"]).ToList(),
            SmallOutput,
            null,
            cancellationToken);
        var config = git.RunAsync(
            folder,
            GitArguments.Safe(noDrivers, options.BigFileBytes).Concat(["config", "-z", "--get-regexp", @"^filter\."]).ToList(),
            new GitOutputLimit(1024 * 1024, int.MaxValue, 0),
            null,
            cancellationToken);
        var located = await revParse;
        var filters = await config;
        if (Failed(located, "rev-parse") is { } failure)
        {
            return (null, failure);
        }

        var lines = Encoding.UTF8.GetString(located.Output).Split('\n');
        if (located.ExitCode != 0 || lines.Length < 5 || lines[0] != "true")
        {
            var why = located.FirstErrorLine;
            return (null, new ChangesFailure(
                ChangesFailureKind.NotAWorkTree,
                $"The project folder \"{folder}\" is not in a git work tree{(why.Length > 0 ? $" (git: {why})" : "")}."));
        }

        // Exit 1 means "no filter driver configured"; anything else but 0 is a real failure.
        if (Failed(filters, "config") is { } configFailure)
        {
            return (null, configFailure);
        }

        if (filters.ExitCode is not (0 or 1) || filters.OutputCut)
        {
            return (null, new ChangesFailure(ChangesFailureKind.GitFailed, $"git config could not list the filter drivers: {filters.FirstErrorLine}"));
        }

        var drivers = GitArguments.ParseFilterDrivers(filters.Output);
        if (drivers.FirstOrDefault(d => d.Contains('=', StringComparison.Ordinal)) is { } odd)
        {
            // "-c filter.<name>.clean=" cannot name a driver whose name holds "=", so it could not be switched off.
            return (null, new ChangesFailure(
                ChangesFailureKind.GitFailed,
                $"The repository's config defines a filter driver named \"{odd}\", which DeskMirror cannot switch off safely; it will not run git there."));
        }

        return (new RepositoryLayout(lines[3], lines[4], lines[2], lines[1], drivers), null);
    }

    /// <summary>
    /// The status entry of one path, or null when it has no change. A path is looked up alone (fast in a big work tree);
    /// only a path that looks added is checked against the whole status, which pairs renames.
    /// </summary>
    public async Task<(StatusEntry? Entry, bool HeadExists, ChangesFailure? Failure)> FindAsync(RepositoryLayout layout, string path, CancellationToken cancellationToken)
    {
        if (layout.Prefix.Length > 0 && !path.StartsWith(layout.Prefix, StringComparison.Ordinal))
        {
            return (null, true, null);
        }

        var (report, failure, _) = await StatusAsync(layout, [path], cancellationToken);
        if (failure is not null)
        {
            return (null, false, failure);
        }

        var entry = report!.Entries.FirstOrDefault(e => string.Equals(e.Path, path, StringComparison.Ordinal));
        if (entry is { Status: ChangeStatus.Added })
        {
            (report, failure, _) = await StatusAsync(layout, layout.Pathspec is { } prefix ? [prefix] : [], cancellationToken);
            if (failure is not null)
            {
                return (null, false, failure);
            }

            entry = report!.Entries.FirstOrDefault(e => string.Equals(e.Path, path, StringComparison.Ordinal));
        }

        return (entry, report.Head is not null, null);
    }

    /// <summary>The status of the project's part of the work tree, with line counts unless <paramref name="withCounts"/> is false.</summary>
    public async Task<(ChangeSet? Changes, ChangesFailure? Failure)> ReadAsync(RepositoryLayout layout, bool withCounts, CancellationToken cancellationToken)
    {
        var statusRun = StatusAsync(layout, layout.Pathspec is { } prefix ? [prefix] : [], cancellationToken);
        Task<GitRunResult>? numstatRun = null;
        if (withCounts)
        {
            // HEAD may not exist yet; then everything is compared with the empty tree. A missing HEAD makes this fail
            // (exit 128) until the status says so, so it is retried below.
            numstatRun = RunNumstatAsync(layout, "HEAD", cancellationToken);
        }

        var (status, failure, statusCut) = await statusRun;
        if (status is not { } report)
        {
            return (null, failure);
        }

        var counts = new Dictionary<string, LineCounts>(StringComparer.Ordinal);
        if (numstatRun is not null)
        {
            var numstat = await numstatRun;
            if (report.Head is null)
            {
                numstat = await RunNumstatAsync(layout, layout.EmptyTree, cancellationToken);
            }

            if ((Failed(numstat, "diff --numstat") ?? NonZero(numstat, "diff --numstat")) is { } numstatFailure)
            {
                return (null, numstatFailure);
            }

            counts = NumstatParser.Parse(numstat.Output);
        }

        var files = new List<ChangedFile>(Math.Min(report.Entries.Count, options.MaxFiles));
        foreach (var entry in report.Entries.OrderBy(e => e.Path, StringComparer.Ordinal).Take(options.MaxFiles))
        {
            var count = default(LineCounts);
            if (withCounts)
            {
                count = entry.Status == ChangeStatus.Untracked
                    ? await CountUntrackedAsync(layout, entry.Path, cancellationToken)
                    : CountTracked(counts, entry);
            }

            files.Add(new ChangedFile(entry.Path, entry.Status, entry.OldPath, count.Additions, count.Deletions, count.Binary));
        }

        var truncated = report.Entries.Count > options.MaxFiles || statusCut;
        return (new ChangeSet(report.Branch, report.Head, files, truncated), null);
    }

    /// <summary>The unified diff of one listed entry against HEAD, cut at the configured caps.</summary>
    public async Task<DiffResult> DiffAsync(RepositoryLayout layout, StatusEntry entry, bool headExists, CancellationToken cancellationToken)
    {
        var full = Path.Combine(layout.TopLevel, entry.Path);
        List<string> command;
        if (entry.Status == ChangeStatus.Untracked)
        {
            if (UntrackedFiles.LinkDiff(full, entry.Path) is { } linkDiff)
            {
                return new DiffResult(linkDiff, false, null);
            }

            command = ["diff", "--no-index", .. DiffOptions, "--", "/dev/null", entry.Path];
        }
        else
        {
            // HEAD against the work tree costs git a walk of the whole index once a path is given (about a second in a
            // 20,000-file work tree); when only one side changed, the index stands in for HEAD or the work tree at a
            // fraction of that. See docs/changes.md.
            List<string> against = (entry.Staged, entry.Unstaged) switch
            {
                (false, _) => [],
                (true, false) => ["--cached"],
                _ => [headExists ? "HEAD" : layout.EmptyTree],
            };
            command = ["diff", .. against, .. DiffOptions, "--find-renames", "--ignore-submodules=dirty", "--"];
            if (entry.OldPath is not null)
            {
                command.Add(entry.OldPath);
            }

            command.Add(entry.Path);
        }

        var limit = new GitOutputLimit(options.MaxDiffBytes, options.MaxDiffLines, (byte)'\n');
        var run = await git.RunAsync(layout.TopLevel, layout.Command(options.BigFileBytes, command), limit, null, cancellationToken);
        if (Failed(run, "diff") is { } failure)
        {
            return new DiffResult(null, false, failure);
        }

        // "--no-index" exits 1 when the files differ, which they always do here.
        if (!run.OutputCut && run.ExitCode is not (0 or 1))
        {
            return new DiffResult(null, false, new ChangesFailure(ChangesFailureKind.GitFailed, $"git diff failed (exit {run.ExitCode}): {run.FirstErrorLine}"));
        }

        var text = Encoding.UTF8.GetString(run.Output);
        if (run.OutputCut)
        {
            text += DiffMarker.Line(options.MaxDiffLines, options.MaxDiffBytes) + "\n";
        }

        return new DiffResult(text, run.OutputCut, null);
    }

    /// <summary>The paths among <paramref name="paths"/> (relative to the top) that git ignores.</summary>
    public async Task<HashSet<string>?> IgnoredAsync(RepositoryLayout layout, IReadOnlyCollection<string> paths, CancellationToken cancellationToken)
    {
        var input = string.Join('\0', paths) + "\0";
        var run = await git.RunAsync(
            layout.TopLevel, layout.Command(options.BigFileBytes, ["check-ignore", "-z", "--stdin"]), ListLimit, input, cancellationToken);
        // 0: some are ignored, 1: none is; anything else: unknown, so the caller treats every path as relevant.
        if (run.Status != GitRunStatus.Exited || run.OutputCut || run.ExitCode is not (0 or 1))
        {
            return null;
        }

        return [.. Encoding.UTF8.GetString(run.Output).Split('\0', StringSplitOptions.RemoveEmptyEntries)];
    }

    private async Task<(StatusReport? Report, ChangesFailure? Failure, bool Cut)> StatusAsync(
        RepositoryLayout layout, IReadOnlyList<string> pathspecs, CancellationToken cancellationToken)
    {
        List<string> status = ["status", "--porcelain=v2", "-z", "--branch", "--untracked-files=all", "--find-renames", "--ignore-submodules=dirty"];
        if (pathspecs.Count > 0)
        {
            status.Add("--");
            status.AddRange(pathspecs);
        }

        var run = await git.RunAsync(layout.TopLevel, layout.Command(options.BigFileBytes, status), ListLimit, null, cancellationToken);
        if ((Failed(run, "status") ?? NonZero(run, "status")) is { } failure)
        {
            return (null, failure, false);
        }

        return (StatusParser.Parse(run.Output), null, run.OutputCut);
    }

    private static readonly string[] DiffOptions = ["--no-color", "--no-ext-diff", "--no-textconv", "--src-prefix=a/", "--dst-prefix=b/"];

    private GitOutputLimit ListLimit => new(options.MaxListOutputBytes, int.MaxValue, 0);

    private Task<GitRunResult> RunNumstatAsync(RepositoryLayout layout, string against, CancellationToken cancellationToken)
    {
        List<string> numstat = ["diff", against, "--numstat", "-z", "--find-renames", "--no-ext-diff", "--no-textconv", "--ignore-submodules=dirty"];
        AddPathspec(numstat, layout.Pathspec);
        return git.RunAsync(layout.TopLevel, layout.Command(options.BigFileBytes, numstat), ListLimit, null, cancellationToken);
    }

    private async Task<LineCounts> CountUntrackedAsync(RepositoryLayout layout, string path, CancellationToken cancellationToken)
        => ChangePaths.StaysInside(layout.TopLevel, path)
            ? await _untracked.CountAsync(Path.Combine(layout.TopLevel, path), options.BigFileBytes, cancellationToken)
            : default;

    private static LineCounts CountTracked(Dictionary<string, LineCounts> counts, StatusEntry entry)
    {
        var count = counts.GetValueOrDefault(entry.Path);
        // A rename whose content changed too much is not paired by the diff: its old side counts as deleted lines.
        if (entry.OldPath is not null && counts.TryGetValue(entry.OldPath, out var old))
        {
            count = new LineCounts(count.Additions + old.Additions, count.Deletions + old.Deletions, count.Binary || old.Binary);
        }

        return count;
    }

    private static void AddPathspec(List<string> arguments, string? pathspec)
    {
        if (pathspec is not null)
        {
            arguments.Add("--");
            arguments.Add(pathspec);
        }
    }

    private ChangesFailure? Failed(GitRunResult run, string command) => run.Status switch
    {
        GitRunStatus.NotStarted => new ChangesFailure(
            ChangesFailureKind.GitMissing,
            $"git could not be started (\"{options.GitExecutable}\": {run.Error}). Install git and make sure it is on PATH to see a project's changes."),
        GitRunStatus.TimedOut => new ChangesFailure(
            ChangesFailureKind.TimedOut,
            $"git {command} did not finish within {options.GitTimeout.TotalSeconds:0.#} seconds."),
        _ => null,
    };

    private static ChangesFailure? NonZero(GitRunResult run, string command)
        => run.ExitCode == 0 || run.OutputCut
            ? null
            : new ChangesFailure(ChangesFailureKind.GitFailed, $"git {command} failed (exit {run.ExitCode}): {run.FirstErrorLine}");
}
