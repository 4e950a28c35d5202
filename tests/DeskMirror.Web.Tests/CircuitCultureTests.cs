using System.Globalization;
using Bunit;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Sessions;
using DeskMirror.Web.Components.Layout;
using DeskMirror.Web.Components.Pages;
using DeskMirror.Web.Tests.Infrastructure;
using DeskMirror.Web.Workspace;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeskMirror.Web.Tests;

/// <summary>
/// A circuit renders in its own language, whoever caused the render: an event published by a thread, a
/// request or another circuit in another culture must not switch it (the page went English after load).
/// </summary>
[Collection(ServerGroup.Name)]
public sealed class CircuitCultureTests(ServerFixture server)
{
    [Fact]
    public async Task Sidebar_EventPublishedUnderAnotherCulture_StaysInTheCircuitsLanguage()
    {
        var project = await server.AddProjectAsync("culture-sidebar");
        await using var context = UiTestContext.Create(server, RequestMode.Mirror);
        context.Services.GetRequiredService<UiContext>().SetCulture("ar");
        await context.StartWorkspaceAsync();
        var cut = context.Render<SidebarView>();
        Assert.Equal("المشاريع", cut.Find("h2").TextContent);

        var session = await PublishFromEnglishAsync(project.Id, "sleep 30");
        try
        {
            cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll($"[data-session-id='{session.Id}']")), TaskTimeoutExtensions.DefaultTimeoutSpan);

            Assert.Equal("المشاريع", cut.Find("h2").TextContent);
            var row = cut.Find($"[data-project-id='{project.Id}']");
            Assert.Equal("جلسة واحدة", row.QuerySelector(".count .sr-only")!.TextContent);
            Assert.Equal("قيد التشغيل", row.QuerySelector("[data-testid=sidebar-session] .status-dot")!.GetAttribute("aria-label"));
        }
        finally
        {
            await server.Sessions.StopAsync(session.Id).WaitAsync(TaskTimeoutExtensions.DefaultTimeoutSpan);
        }
    }

    [Fact]
    public async Task ProjectPage_EventPublishedUnderAnotherCulture_StaysInTheCircuitsLanguage()
    {
        var project = await server.AddProjectAsync("culture-page");
        await using var context = UiTestContext.Create(server, RequestMode.Desktop);
        context.Services.GetRequiredService<UiContext>().SetCulture("de");
        await context.StartWorkspaceAsync();
        var cut = context.Render<ProjectPage>(p => p.Add(x => x.ProjectId, project.Id));

        var session = await PublishFromEnglishAsync(project.Id, "sleep 30");
        try
        {
            cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll($"[data-testid=session-row][data-session-id='{session.Id}']")), TaskTimeoutExtensions.DefaultTimeoutSpan);

            var row = cut.Find($"[data-testid=session-row][data-session-id='{session.Id}']");
            Assert.Contains("Läuft", row.TextContent, StringComparison.Ordinal);
            Assert.Equal("Stoppen", row.QuerySelector("[data-testid=stop-session]")!.TextContent);
        }
        finally
        {
            await server.Sessions.StopAsync(session.Id).WaitAsync(TaskTimeoutExtensions.DefaultTimeoutSpan);
        }
    }

    [Fact]
    public void SetCulture_TheFirstLanguageStays_AndAnUnknownOneIsEnglish()
    {
        var first = new UiContext(new ServiceCollection().BuildServiceProvider(), NullLogger<UiContext>.Instance);
        first.SetCulture("ja");
        first.SetCulture("fr");
        Assert.Equal("ja", first.Culture!.Name);

        var unknown = new UiContext(new ServiceCollection().BuildServiceProvider(), NullLogger<UiContext>.Instance);
        unknown.SetCulture("tlh");
        Assert.Equal("en", unknown.Culture!.Name);
    }

    /// <summary>Starts a session from a thread running in English, as a request or another tab would.</summary>
    private Task<SessionInfo> PublishFromEnglishAsync(string projectId, string command) => Task.Run(async () =>
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        var created = await server.Sessions.CreateAsync(new CreateSessionRequest(projectId, SessionKind.Task, command, null, false, null, null));
        return created.Value!;
    });
}
