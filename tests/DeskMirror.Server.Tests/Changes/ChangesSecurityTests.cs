using System.Net;
using DeskMirror.Server.Events;
using DeskMirror.Server.Tests.Infrastructure;

namespace DeskMirror.Server.Tests.Changes;

/// <summary>
/// A repository's own config names programs that git would run while reading it. None of them may run when the
/// Changes view reads the repository: each would leave a marker file behind.
/// </summary>
public sealed class ChangesSecurityTests : IAsyncLifetime
{
    private TestAppServer _server = null!;
    private GitRepo _repo = null!;
    private string _markers = null!;
    private string _id = null!;

    public async Task InitializeAsync()
    {
        _server = await TestAppServer.StartAsync();
        _markers = Directory.CreateDirectory(Path.Combine(_server.DataDirectory, "markers")).FullName;
        _repo = await GitRepo.InitAsync(Path.Combine(_server.DataDirectory, "hostile"));
        _repo.Write("code.txt", "one\ntwo\n").Write("image.dat", "pixels\n");
        await _repo.CommitAllAsync();

        // Written after the commit, so the commit itself ran none of them.
        await _repo.GitAsync("config", "core.fsmonitor", Marker("fsmonitor") + "; echo");
        await _repo.GitAsync("config", "filter.evil.clean", Marker("clean") + "; cat");
        await _repo.GitAsync("config", "filter.evil.smudge", Marker("smudge") + "; cat");
        await _repo.GitAsync("config", "filter.evil.required", "true");
        await _repo.GitAsync("config", "filter.odd.name.process", Marker("process"));
        await _repo.GitAsync("config", "diff.evil.command", Marker("external-diff"));
        await _repo.GitAsync("config", "diff.evil.textconv", Marker("textconv") + "; cat");
        await _repo.GitAsync("config", "diff.external", Marker("diff-external"));
        await _repo.GitAsync("config", "core.pager", Marker("pager") + "; cat");
        _repo.Write(".gitattributes", "*.txt filter=evil diff=evil\n*.dat filter=odd.name\n")
            .Write("code.txt", "one\nTWO\nthree\n")
            .Write("image.dat", "more pixels\n")
            .Write("loose.txt", "untracked\n");
        // Same size and a new time: git must look at the content (through the clean filter, if it ran one).
        File.SetLastWriteTimeUtc(_repo.FullPath("code.txt"), DateTime.UtcNow.AddMinutes(1));
        _id = await ChangesRepositoryTests.AddProjectAsync(_server, _repo.Path);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ChangesAndDiffs_RepositoryConfigNamesPrograms_NoneRuns()
    {
        var files = await ChangesRepositoryTests.GetFilesAsync(_server, _id);
        Assert.Contains(files, f => f!["path"]!.GetValue<string>() == "code.txt");
        foreach (var path in new[] { "code.txt", "image.dat", "loose.txt", ".gitattributes" })
        {
            using var diff = await _server.Mirror.GetAsync($"/project/{_id}/changes/diff?path={path}").DefaultTimeout("GET diff " + path);
            var text = await diff.Content.ReadAsStringAsync();
            Assert.True(diff.StatusCode == HttpStatusCode.OK, $"{path}: {text}");
            Assert.StartsWith($"diff --git a/{path} b/{path}", text, StringComparison.Ordinal);
        }

        using (var code = await _server.Mirror.GetAsync($"/project/{_id}/changes/diff?path=code.txt").DefaultTimeout("GET diff"))
        {
            Assert.Contains("\n-two\n+TWO\n+three\n", await code.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Empty(Directory.GetFiles(_markers));
    }

    [Fact]
    public void Markers_TheSameConfig_RunsThemInPlainGit()
    {
        // The check above is only worth something if plain git really runs these programs here.
        var info = new System.Diagnostics.ProcessStartInfo("git", ["diff", "HEAD", "--", "code.txt"])
        {
            WorkingDirectory = _repo.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using (var process = System.Diagnostics.Process.Start(info)!)
        {
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
        }

        Assert.Contains(Path.Combine(_markers, "clean"), Directory.GetFiles(_markers));
    }

    [Fact]
    public async Task Watcher_FilterAddedAfterItStarted_DoesNotRunIt()
    {
        var repo = await GitRepo.InitAsync(Path.Combine(_server.DataDirectory, "late"));
        repo.Write("a.txt", "a\n");
        await repo.CommitAllAsync();
        var id = await ChangesRepositoryTests.AddProjectAsync(_server, repo.Path);
        await ChangesRepositoryTests.GetFilesAsync(_server, id);
        await using var events = await _server.OpenEventsAsync(DeskMirror.Server.Modes.RequestMode.Mirror);
        await events.ReadUntilAsync("server.connected");

        await repo.GitAsync("config", "filter.late.clean", Marker("late-clean") + "; cat");
        repo.Write(".gitattributes", "* filter=late\n").Write("a.txt", "b\n");
        File.SetLastWriteTimeUtc(repo.FullPath("a.txt"), DateTime.UtcNow.AddMinutes(1));

        // The event is published after the watcher's reading of the changes has finished.
        await events.ReadUntilAsync(ServerEventType.ProjectChanges);
        Assert.Empty(Directory.GetFiles(_markers));
    }

    private string Marker(string name) => $"touch '{Path.Combine(_markers, name)}'";
}
