using Bunit;
using DeskMirror.Server.Desktop;
using DeskMirror.Server.Modes;
using DeskMirror.Web.Workspace;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DeskMirror.Web.Tests.Infrastructure;

/// <summary>A bUnit context wired like the app: the UI's services over the real server's stores.</summary>
internal static class UiTestContext
{
    public static BunitContext Create(ServerFixture server, RequestMode mode, TimeProvider? time = null, IDesktopControl? desktop = null)
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        var services = context.Services;
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddLocalization();
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton(server.Projects);
        services.AddSingleton(server.Sidebar);
        services.AddSingleton(server.Sessions);
        services.AddSingleton(server.Events);
        services.AddSingleton(server.Changes);
        services.AddSingleton(server.Devices);
        if (desktop is not null)
        {
            services.AddSingleton(desktop);
        }

        services.AddDeskMirrorUiServices();
        context.Services.GetRequiredService<UiContext>().BindListener(mode);
        return context;
    }

    public static async Task<WorkspaceState> StartWorkspaceAsync(this BunitContext context)
    {
        var workspace = context.Services.GetRequiredService<WorkspaceState>();
        await workspace.StartAsync().DefaultTimeout("the workspace to start");
        return workspace;
    }

    public static FakeTimeProvider NewClock() => new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
}
