using Bunit;
using DeskMirror.Server.Events;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Sessions;
using DeskMirror.Web.Components.Layout;
using DeskMirror.Web.Components.Pages;
using DeskMirror.Web.Tests.Infrastructure;
using DeskMirror.Web.Workspace;

namespace DeskMirror.Web.Tests;

/// <summary>
/// The "Needs you" list and the badges, live from a real session under a real PTY: what the attention says, where it
/// shows, and that opening the session takes it away everywhere.
/// </summary>
[Collection(ServerGroup.Name)]
public sealed class NeedsYouTests(ServerFixture server)
{
    [Theory]
    [InlineData(RequestMode.Desktop)]
    [InlineData(RequestMode.Mirror)]
    public async Task NeedsYou_SessionNotifies_ListedWithItsWordsAndBadged_SeenClearsBoth(RequestMode mode)
    {
        ForgetEarlierAttention();
        var project = await server.AddProjectAsync($"needs-you-{mode}".ToLowerInvariant());
        await using var context = UiTestContext.Create(server, mode);
        var workspace = await context.StartWorkspaceAsync();
        var sidebar = context.Render<SidebarView>();
        Assert.Empty(sidebar.FindAll("[data-testid=needs-you]"));

        var id = await StartAndWaitForAttentionAsync(workspace, project.Id, "printf '\\033]9;Review the plan\\007'; sleep 30", "review");

        sidebar.WaitForAssertion(() =>
        {
            var item = sidebar.Find($"[data-testid=needs-you-item][data-session-id='{id}']");
            Assert.Contains("Review the plan", item.TextContent, StringComparison.Ordinal);
            Assert.Contains("review", item.TextContent, StringComparison.Ordinal);
            Assert.Equal($"s/{id}", item.GetAttribute("href"));
            Assert.Equal("1", sidebar.Find("[data-testid=needs-you-count]").TextContent);
            var badge = sidebar.Find($"[data-testid=sidebar-session][data-session-id='{id}'] [data-testid=attention-badge]");
            Assert.Equal("notification", badge.GetAttribute("data-reason"));
            Assert.Equal("Sent a notification: Review the plan", badge.GetAttribute("title"));
        });

        workspace.MarkSeen(id);

        sidebar.WaitForAssertion(() =>
        {
            Assert.Empty(sidebar.FindAll("[data-testid=needs-you]"));
            Assert.Empty(sidebar.FindAll("[data-testid=attention-badge]"));
        });
        Assert.Null(server.Sessions.Find(id)!.Attention);
    }

    [Fact]
    public async Task SessionPage_Opened_MarksTheSessionSeen()
    {
        ForgetEarlierAttention();
        var project = await server.AddProjectAsync("needs-you-open");
        await using var context = UiTestContext.Create(server, RequestMode.Mirror);
        var workspace = await context.StartWorkspaceAsync();
        var sidebar = context.Render<SidebarView>();
        var id = await StartAndWaitForAttentionAsync(workspace, project.Id, "printf '\\a'; sleep 30", "bell");
        sidebar.WaitForAssertion(() => Assert.Single(sidebar.FindAll($"[data-testid=needs-you-item][data-session-id='{id}']")));

        context.Render<SessionPage>(p => p.Add(x => x.SessionId, id));

        sidebar.WaitForAssertion(() => Assert.Empty(sidebar.FindAll("[data-testid=needs-you-item]")));
        Assert.Null(server.Sessions.Find(id)!.Attention);
    }

    /// <summary>Other tests of this server leave ended sessions behind, each with its own "exited" attention.</summary>
    private void ForgetEarlierAttention()
    {
        foreach (var session in server.Sessions.List())
        {
            server.Sessions.MarkSeen(session.Id);
        }
    }

    private async Task<string> StartAndWaitForAttentionAsync(WorkspaceState workspace, string projectId, string command, string title)
    {
        var raised = new TaskCompletionSource<SessionAttentionEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        string? id = null;
        var early = new List<SessionAttentionEvent>();
        var gate = new Lock();
        void OnRaised(SessionAttentionEvent e)
        {
            lock (gate)
            {
                if (id is null)
                {
                    early.Add(e);
                }
                else if (e.Id == id)
                {
                    raised.TrySetResult(e);
                }
            }
        }

        workspace.AttentionRaised += OnRaised;
        try
        {
            var created = await server.Sessions.CreateAsync(new CreateSessionRequest(projectId, SessionKind.Task, command, title, false, null, null));
            Assert.True(created.Succeeded, created.Error?.Message);
            lock (gate)
            {
                id = created.Value.Id;
                if (early.FirstOrDefault(e => e.Id == id) is { } already)
                {
                    raised.TrySetResult(already);
                }
            }

            await raised.Task.DefaultTimeout("the session's attention to reach the workspace");
            return id;
        }
        finally
        {
            workspace.AttentionRaised -= OnRaised;
        }
    }
}
