using Bunit;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Projects;
using DeskMirror.Server.Sidebar;
using DeskMirror.Web.Components.Layout;
using DeskMirror.Web.Sidebar;
using DeskMirror.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DeskMirror.Web.Tests;

[Collection(ServerGroup.Name)]
public sealed class SidebarViewTests(ServerFixture server)
{
    private static readonly string[] EditControls = ["add-project", "move-up", "move-down", "hide-project", "toggle-expanded", "show-project"];

    private static List<string> Order(IRenderedComponent<SidebarView> cut, IEnumerable<Project> mine)
    {
        var ids = mine.Select(p => p.Id).ToHashSet();
        return [.. cut.FindAll("[data-testid=sidebar-project]")
            .Select(e => e.GetAttribute("data-project-id")!)
            .Where(ids.Contains)];
    }

    private async Task<Project[]> ThreeProjectsInStoredOrderAsync(string prefix)
    {
        var a = await server.AddProjectAsync(prefix + "-a");
        var b = await server.AddProjectAsync(prefix + "-b");
        var c = await server.AddProjectAsync(prefix + "-c");
        // The desktop's order: c, a, b (with every other project after them, as stored).
        var others = (await server.Projects.ListAsync()).Where(p => p.Id != a.Id && p.Id != b.Id && p.Id != c.Id);
        await server.Sidebar.UpdateAsync(
            [new(c.Id, true, true), new(a.Id, true, false), new(b.Id, true, true), .. others.Select(p => new SidebarProject(p.Id, true, true))],
            c.Id);
        return [c, a, b];
    }

    [Fact]
    public async Task Desktop_StoredOrder_IsRenderedWithTheControlsThatChangeIt()
    {
        var expected = await ThreeProjectsInStoredOrderAsync("desk");
        await using var context = UiTestContext.Create(server, RequestMode.Desktop);
        await context.StartWorkspaceAsync();

        var cut = context.Render<SidebarView>();

        Assert.Equal(expected.Select(p => p.Id), Order(cut, expected));
        Assert.NotEmpty(cut.FindAll("[data-testid=add-project]"));
        Assert.NotEmpty(cut.FindAll($"[data-project-id='{expected[0].Id}'] [data-testid=move-down]"));
        Assert.Equal("true", cut.Find($"[data-project-id='{expected[0].Id}']").GetAttribute("draggable"));
    }

    [Fact]
    public async Task Desktop_MoveDown_ReordersAtOnceAndPushesOnceAfterTheDebounce()
    {
        var expected = await ThreeProjectsInStoredOrderAsync("push");
        var clock = UiTestContext.NewClock();
        await using var context = UiTestContext.Create(server, RequestMode.Desktop, clock);
        await context.StartWorkspaceAsync();
        var sync = context.Services.GetRequiredService<SidebarSync>();
        var written = new TaskCompletionSource<SidebarState?>(TaskCreationOptions.RunContinuationsAsynchronously);
        sync.Written += (state, _) => written.TrySetResult(state);
        var before = await server.Sidebar.GetAsync();
        var cut = context.Render<SidebarView>();

        cut.Find($"[data-project-id='{expected[0].Id}'] [data-testid=move-down]").Click();
        cut.Find($"[data-project-id='{expected[2].Id}'] [data-testid=move-up]").Click();

        var local = new[] { expected[1].Id, expected[2].Id, expected[0].Id };
        Assert.Equal(local, Order(cut, expected));
        Assert.Equal(before.Version, (await server.Sidebar.GetAsync()).Version);

        clock.Advance(SidebarSync.Debounce);
        var stored = await written.Task.DefaultTimeout();
        Assert.NotNull(stored);
        Assert.Equal(before.Version + 1, stored.Version);
        Assert.Equal(local, stored.Projects.Select(p => p.Id).Where(id => expected.Any(e => e.Id == id)));
    }

    [Fact]
    public async Task Mirror_HasNoControlThatChangesTheSidebar_AndFollowsTheDesktopLive()
    {
        var expected = await ThreeProjectsInStoredOrderAsync("follow");
        await using var context = UiTestContext.Create(server, RequestMode.Mirror);
        await context.StartWorkspaceAsync();

        var cut = context.Render<SidebarView>();

        Assert.Equal(expected.Select(p => p.Id), Order(cut, expected));
        foreach (var control in EditControls)
        {
            Assert.Empty(cut.FindAll($"[data-testid={control}]"));
        }

        Assert.All(cut.FindAll("[data-testid=sidebar-project]"), e => Assert.Equal("false", e.GetAttribute("draggable")));

        // The desktop hides one project and puts the last first: the open mirror follows the event.
        var state = await server.Sidebar.GetAsync();
        var reordered = state.Projects.ToList();
        var last = reordered.Single(p => p.Id == expected[2].Id);
        reordered.Remove(last);
        reordered.Insert(0, last);
        var hidden = reordered.FindIndex(p => p.Id == expected[0].Id);
        reordered[hidden] = reordered[hidden] with { Shown = false };
        await server.Sidebar.UpdateAsync(reordered, null);

        cut.WaitForAssertion(
            () => Assert.Equal([expected[2].Id, expected[1].Id], Order(cut, expected)),
            TaskTimeoutExtensions.DefaultTimeoutSpan);
        Assert.Empty(cut.FindAll("[data-testid=hidden-projects]"));
    }

    [Fact]
    public async Task Desktop_HiddenProject_IsListedApartWithAShowButton()
    {
        var expected = await ThreeProjectsInStoredOrderAsync("hide");
        await using var context = UiTestContext.Create(server, RequestMode.Desktop);
        await context.StartWorkspaceAsync();
        var cut = context.Render<SidebarView>();

        cut.Find($"[data-project-id='{expected[1].Id}'] [data-testid=hide-project]").Click();

        Assert.Equal([expected[0].Id, expected[2].Id], Order(cut, expected));
        Assert.NotEmpty(cut.FindAll("[data-testid=hidden-projects] [data-testid=show-project]"));
    }
}
