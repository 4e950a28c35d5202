using DeskMirror.Server.Modes;
using DeskMirror.Server.Sessions;
using DeskMirror.Web.Tests.Infrastructure;
using DeskMirror.Web.Workspace;

namespace DeskMirror.Web.Tests;

/// <summary>A circuit's workspace follows the typed events of the bus, with no reload asked for.</summary>
[Collection(ServerGroup.Name)]
public sealed class WorkspaceEventsTests(ServerFixture server)
{
    [Theory]
    [InlineData(RequestMode.Desktop)]
    [InlineData(RequestMode.Mirror)]
    public async Task Workspace_ProjectAndSessionEvents_ReloadTheirPart(RequestMode mode)
    {
        await using var context = UiTestContext.Create(server, mode);
        var workspace = await context.StartWorkspaceAsync();

        var name = $"events-{mode}".ToLowerInvariant();
        var projectListed = WhenAsync(workspace, w => w.Rows.Any(r => r.Project.Name.EndsWith(name, StringComparison.Ordinal)));
        var project = await server.AddProjectAsync(name);
        await projectListed.WaitAsync(TaskTimeoutExtensions.DefaultTimeoutSpan);
        Assert.NotNull(workspace.FindProject(project.Id));

        var sessionListed = WhenAsync(workspace, w => w.SessionsOf(project.Id).Any(s => s.Status == SessionStatus.Exited));
        var created = await server.Sessions.CreateAsync(new CreateSessionRequest(project.Id, SessionKind.Task, "true", null, false, null, null));
        Assert.True(created.Succeeded, created.Error?.Message);
        await sessionListed.WaitAsync(TaskTimeoutExtensions.DefaultTimeoutSpan);

        var sessionGone = WhenAsync(workspace, w => !w.SessionsOf(project.Id).Any());
        Assert.Null(await server.Sessions.RemoveAsync(created.Value.Id));
        await sessionGone.WaitAsync(TaskTimeoutExtensions.DefaultTimeoutSpan);
    }

    /// <summary>Completes once <paramref name="condition"/> holds after a change the workspace announced.</summary>
    private static Task WhenAsync(WorkspaceState workspace, Func<WorkspaceState, bool> condition)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged()
        {
            if (condition(workspace))
            {
                workspace.Changed -= OnChanged;
                done.TrySetResult();
            }
        }

        workspace.Changed += OnChanged;
        return done.Task;
    }
}
