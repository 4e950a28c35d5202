using DeskMirror.Server.Sessions;
using DeskMirror.Web.Workspace;
using Microsoft.Extensions.Options;

namespace DeskMirror.Web.Tests;

public sealed class TerminalSizesTests
{
    [Fact]
    public void Get_SessionNeverResized_IsTheServersDefault()
    {
        var sizes = new TerminalSizes(Options.Create(new SessionOptions { DefaultCols = 100, DefaultRows = 30 }));

        Assert.Equal(new TerminalSize(100, 30), sizes.Get("unknown"));
    }

    [Fact]
    public void Set_NewSize_IsKeptAndAnnouncedOnce()
    {
        var sizes = new TerminalSizes(Options.Create(new SessionOptions()));
        var announced = new List<(string, TerminalSize)>();
        sizes.Changed += (id, size) => announced.Add((id, size));

        sizes.Set("s1", new TerminalSize(132, 40));
        sizes.Set("s1", new TerminalSize(132, 40));
        sizes.Set("s1", new TerminalSize(90, 40));

        Assert.Equal(new TerminalSize(90, 40), sizes.Get("s1"));
        Assert.Equal([("s1", new TerminalSize(132, 40)), ("s1", new TerminalSize(90, 40))], announced);
    }
}
