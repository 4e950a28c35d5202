using Bunit;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Sidebar;
using DeskMirror.Web.Components.Pages;
using DeskMirror.Web.Sidebar;
using DeskMirror.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DeskMirror.Web.Tests;

/// <summary>
/// The desktop's active project is the one it opened last. Two desktop tabs showing different projects
/// used to take it back and forth for ever (each write answered by the other tab), and a write still
/// waiting when a project was removed named it, which the store refused.
/// </summary>
[Collection(ServerGroup.Name)]
public sealed class ActiveProjectTests(ServerFixture server)
{
    [Fact]
    public async Task TwoDesktopTabs_ShowingDifferentProjects_SettleOnTheLastOpened()
    {
        var first = await server.AddProjectAsync("tab-one");
        var second = await server.AddProjectAsync("tab-two");
        var clock = UiTestContext.NewClock();
        await using var one = UiTestContext.Create(server, RequestMode.Desktop, clock);
        await using var two = UiTestContext.Create(server, RequestMode.Desktop, clock);
        var workspaceOne = await one.StartWorkspaceAsync();
        var workspaceTwo = await two.StartWorkspaceAsync();
        var syncOne = one.Services.GetRequiredService<SidebarSync>();
        var syncTwo = two.Services.GetRequiredService<SidebarSync>();
        var writtenOne = new TaskCompletionSource<SidebarState?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var writtenTwo = new TaskCompletionSource<SidebarState?>(TaskCreationOptions.RunContinuationsAsynchronously);
        syncOne.Written += (state, _) => writtenOne.TrySetResult(state);
        syncTwo.Written += (state, _) => writtenTwo.TrySetResult(state);

        var pageOne = one.Render<ProjectPage>(p => p.Add(x => x.ProjectId, first.Id));
        var pageTwo = two.Render<ProjectPage>(p => p.Add(x => x.ProjectId, second.Id));
        clock.Advance(SidebarSync.Debounce);
        await Task.WhenAll(writtenOne.Task, writtenTwo.Task).WaitAsync(TaskTimeoutExtensions.DefaultTimeoutSpan);

        // Each tab hears the other's write; the store's last word stands in both, and nobody writes again.
        var stored = await server.Sidebar.GetAsync();
        pageOne.WaitForAssertion(() => Assert.Equal(stored.ActiveProjectId, workspaceOne.ActiveProjectId), TaskTimeoutExtensions.DefaultTimeoutSpan);
        pageTwo.WaitForAssertion(() => Assert.Equal(stored.ActiveProjectId, workspaceTwo.ActiveProjectId), TaskTimeoutExtensions.DefaultTimeoutSpan);
        Assert.False(syncOne.IsBusy, "tab one took the active project back");
        Assert.False(syncTwo.IsBusy, "tab two took the active project back");
        Assert.Equal(stored.Version, (await server.Sidebar.GetAsync()).Version);
    }

    [Fact]
    public async Task ProjectRemoved_WhileASidebarWriteWaits_TheWriteLeavesItOut()
    {
        var kept = await server.AddProjectAsync("kept");
        var removed = await server.AddProjectAsync("removed-while-waiting");
        var clock = UiTestContext.NewClock();
        await using var context = UiTestContext.Create(server, RequestMode.Desktop, clock);
        var workspace = await context.StartWorkspaceAsync();
        var sync = context.Services.GetRequiredService<SidebarSync>();
        var written = new TaskCompletionSource<(SidebarState? State, string? Error)>(TaskCreationOptions.RunContinuationsAsynchronously);
        sync.Written += (state, error) => written.TrySetResult((state, error));
        var page = context.Render<ProjectPage>(p => p.Add(x => x.ProjectId, kept.Id));
        Assert.True(sync.IsBusy, "opening a project schedules a sidebar write");

        await server.Projects.RemoveAsync(removed.Id);
        page.WaitForAssertion(() => Assert.Null(workspace.FindProject(removed.Id)), TaskTimeoutExtensions.DefaultTimeoutSpan);
        clock.Advance(SidebarSync.Debounce);

        var (state, error) = await written.Task.WaitAsync(TaskTimeoutExtensions.DefaultTimeoutSpan);
        Assert.Null(error);
        Assert.DoesNotContain(state!.Projects, p => p.Id == removed.Id);
        Assert.Equal(kept.Id, state.ActiveProjectId);
    }
}
