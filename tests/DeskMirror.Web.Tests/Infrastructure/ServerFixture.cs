using DeskMirror.Server.Changes;
using DeskMirror.Server.Devices;
using DeskMirror.Server.Events;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Projects;
using DeskMirror.Server.Sessions;
using DeskMirror.Server.Sidebar;
using Microsoft.Extensions.DependencyInjection;

namespace DeskMirror.Web.Tests.Infrastructure;

/// <summary>
/// A real app server (Kestrel on loopback, SQLite in a temp folder, real sessions under a PTY): the
/// components get its real stores, event bus and session manager, nothing stands in for them.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private int _folders;

    public AppServer Server { get; private set; } = default!;

    public string Root { get; } = Directory.CreateTempSubdirectory("deskmirror-web-tests-").FullName;

    public IProjectStore Projects => Server.Services.GetRequiredService<IProjectStore>();

    public ISidebarStore Sidebar => Server.Services.GetRequiredService<ISidebarStore>();

    public ISessionManager Sessions => Server.Services.GetRequiredService<ISessionManager>();

    public IEventBus Events => Server.Services.GetRequiredService<IEventBus>();

    public IChangesService Changes => Server.Services.GetRequiredService<IChangesService>();

    public IDeviceRegistry Devices => Server.Services.GetRequiredService<IDeviceRegistry>();

    public async Task InitializeAsync()
    {
        Server = await AppServer.StartAsync(new AppServerOptions
        {
            DataDirectory = Path.Combine(Root, "data"),
            Credentials = new ServerCredentials("tester", "secret-for-tests"),
        });
    }

    /// <summary>A new folder added as a project.</summary>
    public async Task<Project> AddProjectAsync(string name)
    {
        var path = Directory.CreateDirectory(Path.Combine(Root, "projects", $"{Interlocked.Increment(ref _folders):D3}-{name}")).FullName;
        return await Projects.AddAsync(path).DefaultTimeout("adding the project");
    }

    /// <summary>Removes every project, so a test starts from an empty sidebar.</summary>
    public async Task ClearProjectsAsync()
    {
        foreach (var project in await Projects.ListAsync())
        {
            await Projects.RemoveAsync(project.Id);
        }
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A session's log may still be closing; the OS cleans the temp folder later.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ServerGroup : ICollectionFixture<ServerFixture>
{
    public const string Name = "Real app server";
}
