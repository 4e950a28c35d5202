using DeskMirror.Server.Sidebar;
using DeskMirror.Web.Sidebar;
using DeskMirror.Web.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeskMirror.Web.Tests;

[Collection(ServerGroup.Name)]
public sealed class SidebarSyncTests(ServerFixture server)
{
    [Fact]
    public async Task Schedule_ThreeChangesWithinTheDebounce_WritesOnceWithTheLastState()
    {
        var a = await server.AddProjectAsync("sync-a");
        var b = await server.AddProjectAsync("sync-b");
        var clock = UiTestContext.NewClock();
        await using var sync = new SidebarSync(server.Sidebar, clock, NullLogger<SidebarSync>.Instance);
        var before = await server.Sidebar.GetAsync();
        var written = new TaskCompletionSource<SidebarState?>(TaskCreationOptions.RunContinuationsAsynchronously);
        sync.Written += (state, _) => written.TrySetResult(state);

        sync.Schedule([new(a.Id, true, true), new(b.Id, true, true)], a.Id);
        clock.Advance(TimeSpan.FromMilliseconds(200));
        sync.Schedule([new(b.Id, true, true), new(a.Id, true, true)], a.Id);
        clock.Advance(TimeSpan.FromMilliseconds(200));
        sync.Schedule([new(b.Id, true, false), new(a.Id, true, true)], b.Id);
        clock.Advance(SidebarSync.Debounce - TimeSpan.FromMilliseconds(1));

        Assert.False(written.Task.IsCompleted, "written before the debounce passed");
        Assert.True(sync.IsBusy);
        Assert.Equal(before.Version, (await server.Sidebar.GetAsync()).Version);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        var stored = await written.Task.DefaultTimeout();

        Assert.NotNull(stored);
        Assert.Equal(before.Version + 1, stored.Version);
        Assert.Equal([b.Id, a.Id], stored.Projects.Select(p => p.Id).Where(id => id == a.Id || id == b.Id));
        Assert.Equal(b.Id, stored.ActiveProjectId);
        Assert.False(stored.Projects.Single(p => p.Id == b.Id).Expanded);
        await sync.FlushAsync().DefaultTimeout();
        Assert.False(sync.IsBusy);
    }

    [Fact]
    public async Task Dispose_WithAPendingChange_WritesIt()
    {
        var a = await server.AddProjectAsync("dispose-a");
        var clock = UiTestContext.NewClock();
        var sync = new SidebarSync(server.Sidebar, clock, NullLogger<SidebarSync>.Instance);
        var before = await server.Sidebar.GetAsync();

        sync.Schedule([new(a.Id, true, true)], a.Id);
        await sync.DisposeAsync().DefaultTimeout();

        var after = await server.Sidebar.GetAsync();
        Assert.Equal(before.Version + 1, after.Version);
        Assert.Equal(a.Id, after.ActiveProjectId);
    }
}
