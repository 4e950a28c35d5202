using Bunit;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Sessions;
using DeskMirror.Web.Components.Pages;
using DeskMirror.Web.Tests.Infrastructure;

namespace DeskMirror.Web.Tests;

/// <summary>One codebase, two modes: the mirror is offered nothing the server would refuse.</summary>
[Collection(ServerGroup.Name)]
public sealed class ModeControlsTests(ServerFixture server)
{
    private static readonly string[] DesktopOnly = ["new-session-form", "open-terminal", "remove-project"];

    [Theory]
    [InlineData(RequestMode.Desktop)]
    [InlineData(RequestMode.Mirror)]
    public async Task ProjectPage_OffersManagementOnlyOnTheDesktop(RequestMode mode)
    {
        var project = await server.AddProjectAsync("page-" + mode);
        await using var context = UiTestContext.Create(server, mode);
        await context.StartWorkspaceAsync();

        var cut = context.Render<ProjectPage>(p => p.Add(x => x.ProjectId, project.Id));

        Assert.Equal(project.Id, cut.Find("[data-testid=project-page]").GetAttribute("data-project-id"));
        foreach (var control in DesktopOnly)
        {
            Assert.Equal(mode == RequestMode.Desktop ? 1 : 0, cut.FindAll($"[data-testid={control}]").Count);
        }
    }

    [Theory]
    [InlineData(RequestMode.Mirror, false, false)]
    [InlineData(RequestMode.Mirror, true, true)]
    [InlineData(RequestMode.Desktop, false, true)]
    public async Task SessionPage_TypingControlsFollowThePolicy(RequestMode mode, bool mirrorInput, bool canType)
    {
        var project = await server.AddProjectAsync($"typing-{mode}-{mirrorInput}");
        var session = (await server.Sessions.CreateAsync(new CreateSessionRequest(project.Id, SessionKind.Task, "sleep 30", "waiting", mirrorInput, null, null))).Value!;
        try
        {
            await using var context = UiTestContext.Create(server, mode);
            await context.StartWorkspaceAsync();

            var cut = context.Render<SessionPage>(p => p.Add(x => x.SessionId, session.Id));

            Assert.Equal(canType ? "true" : "false", cut.Find("[data-testid=session-page]").GetAttribute("data-can-type"));
            Assert.Equal(canType ? 0 : 1, cut.FindAll("[data-testid=read-only]").Count);
            Assert.Equal(canType ? 1 : 0, cut.FindAll("[data-testid=phone-keys]").Count);
            Assert.NotEmpty(cut.FindAll("[data-testid=terminal]"));
            // Both may stop a running task; only the desktop removes sessions (once ended).
            Assert.NotEmpty(cut.FindAll("[data-testid=stop-session]"));
        }
        finally
        {
            await server.Sessions.StopAsync(session.Id).DefaultTimeout();
        }
    }

    [Fact]
    public async Task SessionPage_TerminalOnTheMirror_DoesNotExist()
    {
        var project = await server.AddProjectAsync("terminal");
        var terminal = (await server.Sessions.CreateAsync(new CreateSessionRequest(project.Id, SessionKind.Terminal, null, null, true, null, null))).Value!;
        try
        {
            await using var mirror = UiTestContext.Create(server, RequestMode.Mirror);
            await mirror.StartWorkspaceAsync();
            var onMirror = mirror.Render<SessionPage>(p => p.Add(x => x.SessionId, terminal.Id));
            Assert.NotEmpty(onMirror.FindAll("[data-testid=session-missing]"));
            Assert.Empty(onMirror.FindAll("[data-testid=terminal]"));

            await using var desktop = UiTestContext.Create(server, RequestMode.Desktop);
            await desktop.StartWorkspaceAsync();
            var onDesktop = desktop.Render<SessionPage>(p => p.Add(x => x.SessionId, terminal.Id));
            Assert.NotEmpty(onDesktop.FindAll("[data-testid=terminal]"));
        }
        finally
        {
            await server.Sessions.StopAsync(terminal.Id).DefaultTimeout();
        }
    }

    [Fact]
    public async Task SettingsPage_OnTheMirror_IsUnavailable()
    {
        await using var context = UiTestContext.Create(server, RequestMode.Mirror);
        await context.StartWorkspaceAsync();

        var cut = context.Render<SettingsPage>();

        Assert.NotEmpty(cut.FindAll("[data-testid=settings-unavailable]"));
        Assert.Empty(cut.FindAll("[data-testid=settings-page]"));
    }
}
