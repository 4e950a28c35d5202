using DeskMirror.Server.Changes;
using DeskMirror.Server.Changes.Internal;
using DeskMirror.Server.Events;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DeskMirror.Server.Tests.Changes;

/// <summary>Edits on disk reach every device as <c>project.changes</c>; watchers are bounded and stop when unused.</summary>
public sealed class ChangesWatchTests : IAsyncLifetime
{
    private TestAppServer _server = null!;

    public async Task InitializeAsync() => _server = await StartAsync(o => { });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Watch_EditOnDisk_PublishesProjectChangesToTheMirror()
    {
        var (repo, id) = await CreateProjectAsync(_server, "edit");
        await using var events = await _server.OpenEventsAsync(RequestMode.Mirror);
        await events.ReadUntilAsync("server.connected");
        await ChangesRepositoryTests.GetFilesAsync(_server, id);

        repo.Write("tracked.txt", "one\nchanged\n");

        var changed = await events.ReadUntilAsync(ServerEventType.ProjectChanges);
        Assert.Equal(id, changed.Properties["id"]!.GetValue<string>());
        Assert.Single(changed.Properties);
    }

    [Fact]
    public async Task Watch_IgnoredFileEdited_NothingPublished_TrackedEditThen_Published()
    {
        var (repo, id) = await CreateProjectAsync(_server, "ignore");
        var watchers = _server.GetService<ChangesService>().Watchers;
        await ChangesRepositoryTests.GetFilesAsync(_server, id);
        await using var events = await _server.OpenEventsAsync(RequestMode.Mirror);
        await events.ReadUntilAsync("server.connected");

        var ignoredHandled = NextRefresh(watchers, id);
        repo.Write("build/output.log", "noise\n");
        Assert.False(await ignoredHandled.DefaultTimeout("the burst of an ignored file"), "an ignored file published project.changes");

        var trackedHandled = NextRefresh(watchers, id);
        repo.Write("tracked.txt", "one\nedited\n");
        Assert.True(await trackedHandled.DefaultTimeout("the burst of a tracked file"));
        // The first event after the ignored write is the tracked one: nothing was published in between.
        var changed = await events.ReadUntilAsync(ServerEventType.ProjectChanges);
        Assert.Equal(id, changed.Properties["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Watch_CommitInTheRepository_PublishesProjectChanges()
    {
        var (repo, id) = await CreateProjectAsync(_server, "commit");
        repo.Write("tracked.txt", "one\nto commit\n");
        Assert.Single(await ChangesRepositoryTests.GetFilesAsync(_server, id));
        await using var events = await _server.OpenEventsAsync(RequestMode.Desktop);
        await events.ReadUntilAsync("server.connected");

        await repo.CommitAllAsync("second");

        Assert.Equal(id, (await events.ReadUntilAsync(ServerEventType.ProjectChanges)).Properties["id"]!.GetValue<string>());
        Assert.Empty(await ChangesRepositoryTests.GetFilesAsync(_server, id));
    }

    [Fact]
    public async Task Watch_MoreFoldersThanAllowed_PollsInsteadAndSaysSoOnce()
    {
        using var logs = new CapturingLoggerProvider();
        await using var server = await StartAsync(
            o =>
            {
                o.MaxWatchedDirectories = 1;
                o.PollInterval = TimeSpan.FromMilliseconds(100);
            },
            logs: logs);
        var (first, firstId) = await CreateProjectAsync(server, "polled-1");
        var (_, secondId) = await CreateProjectAsync(server, "polled-2");
        await using var events = await server.OpenEventsAsync(RequestMode.Mirror);
        await events.ReadUntilAsync("server.connected");
        await ChangesRepositoryTests.GetFilesAsync(server, firstId);
        await ChangesRepositoryTests.GetFilesAsync(server, secondId);
        Assert.Equal((2, 0), server.GetService<ChangesService>().Watchers.Counts);

        first.Write("tracked.txt", "one\npolled\n");

        Assert.Equal(firstId, (await events.ReadUntilAsync(ServerEventType.ProjectChanges)).Properties["id"]!.GetValue<string>());
        var warnings = logs.Lines.Where(l => l.Contains("[602]", StringComparison.Ordinal)).ToList();
        var warning = Assert.Single(warnings);
        Assert.Contains("MaxWatchedDirectories", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_MoreProjectsThanMaxWatchers_AnIdleOneMakesRoom_AHeldOneDoesNot()
    {
        await using var server = await StartAsync(o => o.MaxWatchers = 1);
        var service = server.GetService<ChangesService>();
        var (_, firstId) = await CreateProjectAsync(server, "held");
        var (_, secondId) = await CreateProjectAsync(server, "second");
        var (_, thirdId) = await CreateProjectAsync(server, "third");

        await ChangesRepositoryTests.GetFilesAsync(server, firstId);
        await ChangesRepositoryTests.GetFilesAsync(server, secondId);
        Assert.Equal((1, 1), service.Watchers.Counts);

        using var lease = service.Watch(secondId);
        await ChangesRepositoryTests.GetFilesAsync(server, thirdId);
        Assert.Equal((2, 1), service.Watchers.Counts);
    }

    [Fact]
    public async Task Watch_Unused_StopsAfterTheIdleTime_WhileAViewHoldsIt_Stays()
    {
        var time = new FakeTimeProvider();
        await using var server = await StartAsync(o => { }, time);
        var service = server.GetService<ChangesService>();
        var (_, id) = await CreateProjectAsync(server, "idle");
        var idle = new ChangesOptions().IdleTimeout;

        var lease = service.Watch(id);
        await ChangesRepositoryTests.GetFilesAsync(server, id);
        Assert.Equal(1, service.Watchers.Counts.Running);
        time.Advance(idle * 3);
        Assert.Equal(1, service.Watchers.Counts.Running);

        lease.Dispose();
        time.Advance(idle / 2);
        Assert.Equal(1, service.Watchers.Counts.Running);
        time.Advance(idle);
        Assert.Equal(0, service.Watchers.Counts.Running);
    }

    [Fact]
    public async Task Watch_ProjectRemoved_Stops()
    {
        var (_, id) = await CreateProjectAsync(_server, "removed");
        var service = _server.GetService<ChangesService>();
        await ChangesRepositoryTests.GetFilesAsync(_server, id);
        Assert.Equal(1, service.Watchers.Counts.Running);

        using var removed = await _server.Desktop.DeleteAsync($"/project/{id}").DefaultTimeout("DELETE /project");

        Assert.Equal(0, service.Watchers.Counts.Running);
    }

    private static Task<TestAppServer> StartAsync(Action<ChangesOptions> configure, FakeTimeProvider? time = null, ILoggerProvider? logs = null)
        => TestAppServer.StartAsync(new TestAppServerOptions
        {
            Time = time,
            ConfigureBuilder = builder =>
            {
                if (logs is not null)
                {
                    builder.Logging.AddProvider(logs);
                }

                builder.Services.Configure(configure);
            },
        });

    private static async Task<(GitRepo Repo, string Id)> CreateProjectAsync(TestAppServer server, string name)
    {
        var repo = await GitRepo.InitAsync(Path.Combine(server.DataDirectory, name));
        repo.Write("tracked.txt", "one\n").Write(".gitignore", "build/\n").Write("src/deep/keep.txt", "keep\n");
        await repo.CommitAllAsync();
        return (repo, await ChangesRepositoryTests.AddProjectAsync(server, repo.Path));
    }

    /// <summary>Completes with whether the project's next handled burst (or poll) published <c>project.changes</c>.</summary>
    private static Task<bool> NextRefresh(WatcherRegistry watchers, string projectId)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRefreshed(string id, bool published)
        {
            if (id == projectId && done.TrySetResult(published))
            {
                watchers.Refreshed -= OnRefreshed;
            }
        }

        watchers.Refreshed += OnRefreshed;
        return done.Task;
    }
}
