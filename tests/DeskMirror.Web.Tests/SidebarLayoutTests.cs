using DeskMirror.Server.Projects;
using DeskMirror.Server.Sidebar;
using DeskMirror.Web.Sidebar;

namespace DeskMirror.Web.Tests;

public sealed class SidebarLayoutTests
{
    private static readonly Project A = new("a", "alpha", "/p/a");
    private static readonly Project B = new("b", "bravo", "/p/b");
    private static readonly Project C = new("c", "charlie", "/p/c");

    private static string Order(IReadOnlyList<SidebarRow> rows) => string.Join(',', rows.Select(r => r.Project.Id));

    [Fact]
    public void Compose_WithStoredState_FollowsItsOrderThenAppendsUnknownProjects()
    {
        var state = new SidebarState([new("c", true, false), new("a", false, true)], "c", 3, DateTimeOffset.UnixEpoch);

        var rows = SidebarLayout.Compose([A, B, C], state);

        Assert.Equal("c,a,b", Order(rows));
        Assert.False(rows[0].Expanded);
        Assert.False(rows[1].Shown);
        Assert.True(rows[2].Shown && rows[2].Expanded);
    }

    [Fact]
    public void Compose_StateNamingRemovedOrDuplicateProjects_DropsThem()
    {
        var state = new SidebarState([new("gone", true, true), new("b", true, true), new("b", false, false)], null, 1, DateTimeOffset.UnixEpoch);

        var rows = SidebarLayout.Compose([A, B], state);

        Assert.Equal("b,a", Order(rows));
        Assert.True(rows[0].Shown);
    }

    [Fact]
    public void Compose_WithoutState_KeepsTheStoreOrder()
        => Assert.Equal("a,b,c", Order(SidebarLayout.Compose([A, B, C], null)));

    [Fact]
    public void Move_DownAndUpAndPastTheEnds_ClampsToTheList()
    {
        var rows = SidebarLayout.Compose([A, B, C], null);

        Assert.Equal("b,a,c", Order(SidebarLayout.Move(rows, "a", 1)));
        Assert.Equal("c,a,b", Order(SidebarLayout.Move(rows, "c", -5)));
        Assert.Equal("a,b,c", Order(SidebarLayout.Move(rows, "c", 1)));
        Assert.Same(rows, SidebarLayout.Move(rows, "unknown", 1));
    }

    [Fact]
    public void MoveTo_DraggedOntoAnotherRow_TakesItsPlace()
    {
        var rows = SidebarLayout.Compose([A, B, C], null);

        Assert.Equal("c,a,b", Order(SidebarLayout.MoveTo(rows, "c", "a")));
        Assert.Equal("b,c,a", Order(SidebarLayout.MoveTo(rows, "a", "c")));
    }

    [Fact]
    public void ToState_AfterEdits_CarriesOrderAndFlags()
    {
        var rows = SidebarLayout.Compose([A, B, C], null);
        rows = SidebarLayout.SetShown(SidebarLayout.SetExpanded(SidebarLayout.Move(rows, "c", -2), "a", false), "b", false);

        var state = SidebarLayout.ToState(rows);

        Assert.Equal(
            [new SidebarProject("c", true, true), new SidebarProject("a", true, false), new SidebarProject("b", false, true)],
            state);
    }
}
