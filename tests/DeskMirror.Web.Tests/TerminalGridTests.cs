using Bunit;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Sessions;
using DeskMirror.Web.Components.Session;
using DeskMirror.Web.Tests.Infrastructure;

namespace DeskMirror.Web.Tests;

/// <summary>Every viewer draws the session's own grid, whoever started it and whether or not the desktop ever showed it.</summary>
[Collection(ServerGroup.Name)]
public sealed class TerminalGridTests(ServerFixture server)
{
    [Fact]
    public async Task TerminalView_MirrorOfApiSessionNeverOpenedOnDesktop_DrawsTheSessionsGrid()
    {
        var project = await server.AddProjectAsync("grid");
        var session = (await server.Sessions.CreateAsync(new CreateSessionRequest(project.Id, SessionKind.Task, "sleep 30", null, false, 140, 40))).Value!;
        try
        {
            await using var context = UiTestContext.Create(server, RequestMode.Mirror);
            var module = context.JSInterop.SetupModule(UiAssetsUrl("js/terminal.js"));
            module.Mode = JSRuntimeMode.Loose;

            context.Render<TerminalView>(p => p.Add(x => x.Session, session));

            var open = Assert.Single(module.Invocations, i => i.Identifier == "open");
            var options = open.Arguments[2]!;
            Assert.Equal(140, options.GetType().GetProperty("cols")!.GetValue(options));
            Assert.Equal(40, options.GetType().GetProperty("rows")!.GetValue(options));
            Assert.Equal(false, options.GetType().GetProperty("fit")!.GetValue(options));
        }
        finally
        {
            await server.Sessions.StopAsync(session.Id).DefaultTimeout();
        }
    }

    [Fact]
    public async Task TerminalView_DesktopResizesSession_MirrorViewFollows()
    {
        var project = await server.AddProjectAsync("grid-follow");
        var session = (await server.Sessions.CreateAsync(new CreateSessionRequest(project.Id, SessionKind.Task, "sleep 30", null, false, 100, 30))).Value!;
        try
        {
            await using var mirror = UiTestContext.Create(server, RequestMode.Mirror);
            var module = mirror.JSInterop.SetupModule(UiAssetsUrl("js/terminal.js"));
            module.Mode = JSRuntimeMode.Loose;
            mirror.Render<TerminalView>(p => p.Add(x => x.Session, session));
            Assert.Single(module.Invocations, i => i.Identifier == "open");

            Assert.Null(server.Sessions.Resize(session.Id, 132, 43));

            Assert.Equal(132, server.Sessions.Find(session.Id)!.Cols);
            var view = mirror.JSInterop.Invocations;
            await Poll.UntilAsync(
                () => view.Any(i => i.Identifier == "setSize" && i.Arguments.SequenceEqual([132, 43])),
                "the mirror's view to take the new size");
        }
        finally
        {
            await server.Sessions.StopAsync(session.Id).DefaultTimeout();
        }
    }

    private static string UiAssetsUrl(string path) => DeskMirror.Web.Internal.UiAssets.Url(path);
}
