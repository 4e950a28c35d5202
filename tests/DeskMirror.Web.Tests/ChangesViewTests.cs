using System.Diagnostics;
using Bunit;
using DeskMirror.Server.Changes;
using DeskMirror.Server.Events;
using DeskMirror.Server.Modes;
using DeskMirror.Web.Components.Pages;
using DeskMirror.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace DeskMirror.Web.Tests;

/// <summary>The Changes tab over a real repository: the list, the message for a plain folder, and the live refresh.</summary>
[Collection(ServerGroup.Name)]
public sealed class ChangesViewTests(ServerFixture server)
{
    [Theory]
    [InlineData(RequestMode.Desktop)]
    [InlineData(RequestMode.Mirror)]
    public async Task ChangesTab_Repository_ListsFilesWithCountsAndFollowsEdits(RequestMode mode)
    {
        var project = await server.AddProjectAsync("changes-" + mode);
        Git(project.Path, "init", "-q", "-b", "main");
        await File.WriteAllTextAsync(Path.Combine(project.Path, "a.txt"), "one\n");
        Git(project.Path, "add", "-A");
        Git(project.Path, "commit", "-q", "-m", "first");
        await File.WriteAllTextAsync(Path.Combine(project.Path, "a.txt"), "one\ntwo\nthree\n");
        await using var context = UiTestContext.Create(server, mode);
        await context.StartWorkspaceAsync();

        var navigation = context.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("tab", "changes"));
        var cut = context.Render<ProjectPage>(p => p.Add(x => x.ProjectId, project.Id));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=change-row]")), TaskTimeoutExtensions.DefaultTimeoutSpan);
        var row = cut.Find("[data-testid=change-row]");
        Assert.Equal("a.txt", row.GetAttribute("data-path"));
        Assert.Equal("modified", row.GetAttribute("data-status"));
        Assert.Equal(["+2", "−0"], cut.FindAll("[data-testid=change-counts] span[aria-hidden=true]").Select(s => s.TextContent));
        Assert.Contains("lines added: 2", cut.Find("[data-testid=change-counts] .visually-hidden").TextContent, StringComparison.Ordinal);
        Assert.Equal("page", cut.Find("[data-testid=tab-changes]").GetAttribute("aria-current"));
        Assert.Empty(cut.FindAll("[data-testid=new-session-form]"));

        await File.WriteAllTextAsync(Path.Combine(project.Path, "b.txt"), "new\n");
        server.Events.Publish(new ProjectChangesEvent(project.Id));

        cut.WaitForAssertion(
            () => Assert.Equal(["a.txt", "b.txt"], cut.FindAll("[data-testid=change-row]").Select(r => r.GetAttribute("data-path"))),
            TaskTimeoutExtensions.DefaultTimeoutSpan);
    }

    [Fact]
    public async Task ChangesTab_PlainFolder_SaysItIsNotARepository()
    {
        var project = await server.AddProjectAsync("plain-folder");
        await using var context = UiTestContext.Create(server, RequestMode.Mirror);
        await context.StartWorkspaceAsync();

        var navigation = context.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("tab", "changes"));
        var cut = context.Render<ProjectPage>(p => p.Add(x => x.ProjectId, project.Id));

        cut.WaitForAssertion(
            () => Assert.Equal(nameof(ChangesFailureKind.NotAWorkTree), cut.Find("[data-testid=changes-message]").GetAttribute("data-reason")),
            TaskTimeoutExtensions.DefaultTimeoutSpan);
        Assert.Contains("git", cut.Find("[data-testid=changes-message]").TextContent, StringComparison.Ordinal);
    }

    private static void Git(string folder, params string[] arguments)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])["-c", "user.name=Test", "-c", "user.email=test@example.invalid", .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', arguments)}: {error}");
    }
}
