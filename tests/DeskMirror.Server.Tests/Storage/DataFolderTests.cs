using System.Net;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Storage.Internal;
using DeskMirror.Server.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Tests.Storage;

/// <summary>The process umask is one per process: these tests change it, so they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessUmaskGroup
{
    public const string Name = "process umask";
}

[Collection(ProcessUmaskGroup.Name)]
public sealed class DataFolderTests
{
    private const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode File600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task DataFolder_StartedUnderUmask022_FolderSessionsDatabaseWalAndShmOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var parent = TestAppServer.CreateTempDirectory();
        var data = Path.Combine(parent, "data");
        var previous = ProcessUmask.Exchange(0x12); // 0022, what most desktops run with
        try
        {
            await using var server = await TestAppServer.StartAsync(new TestAppServerOptions { DataDirectory = data });
            // Writes through the pool: the -wal and -shm exist while the server runs.
            using (var signIn = await server.CreateBrowserClient(RequestMode.Desktop)
                .SendAsync(BrowserRequests.SignIn(server.BaseAddress(RequestMode.Desktop), server.Credentials.Username, server.Credentials.Password))
                .DefaultTimeout("sign in"))
            {
                Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            }

            // A session: its log goes under sessions/.
            var project = Directory.CreateDirectory(Path.Combine(parent, "project")).FullName;
            using (var added = await server.Desktop.PostAsync("/project", Json.Body($"{{\"path\":{Json.Quote(project)}}}")).DefaultTimeout("add a project"))
            {
                var projectId = System.Text.Json.Nodes.JsonNode.Parse(await added.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
                using var session = await server.Desktop.PostAsync("/session", Json.Body($"{{\"projectId\":{Json.Quote(projectId)},\"kind\":\"task\",\"command\":\"echo hello\"}}")).DefaultTimeout("start a session");
                Assert.Equal(HttpStatusCode.Created, session.StatusCode);
            }

            Assert.True(File.Exists(Path.Combine(data, "deskmirror.db-wal")), "no -wal file to check");
            Assert.True(File.Exists(Path.Combine(data, "deskmirror.db-shm")), "no -shm file to check");
            Assert.True(Directory.Exists(Path.Combine(data, "sessions")), "no sessions folder to check");
            AssertOwnerOnly(data);
        }
        finally
        {
            ProcessUmask.Exchange(previous);
            Directory.Delete(parent, recursive: true);
        }
    }

    [Fact]
    public async Task DataFolder_FoundReadableByOthers_TightenedAndReported()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var data = TestAppServer.CreateTempDirectory();
        var sessions = Directory.CreateDirectory(Path.Combine(data, "sessions"));
        var log = Path.Combine(sessions.FullName, "old.log");
        await File.WriteAllTextAsync(log, "output of an earlier version");
        var outside = Path.Combine(TestAppServer.CreateTempDirectory(), "not-ours.txt");
        await File.WriteAllTextAsync(outside, "a file the folder links to");
        File.SetUnixFileMode(outside, File600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.CreateSymbolicLink(Path.Combine(data, "link"), outside);
        File.SetUnixFileMode(log, File600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(sessions.FullName, Folder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(data, Folder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var logs = new CapturingLoggerProvider();

        await using (var server = await TestAppServer.StartAsync(new TestAppServerOptions
        {
            DataDirectory = data,
            ConfigureBuilder = builder => builder.Logging.AddProvider(logs),
        }))
        {
            File.Delete(Path.Combine(data, "link"));
            AssertOwnerOnly(data);
        }

        // The link's target is not in the folder: it was neither changed nor followed.
        Assert.Equal(File600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(outside));
        var line = Assert.Single(logs.Lines, l => l.Contains("[13]", StringComparison.Ordinal));
        Assert.Contains(data, line, StringComparison.Ordinal);
        Assert.Contains("3 entries", line, StringComparison.Ordinal);
        Assert.Contains(Path.Combine("sessions", "old.log"), line, StringComparison.Ordinal);
        Directory.Delete(data, recursive: true);
        Directory.Delete(Path.GetDirectoryName(outside)!, recursive: true);
    }

    [Fact]
    public async Task Umask_LaxAtStart_SetTo077AndReported()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var logs = new CapturingLoggerProvider();
        var previous = ProcessUmask.Exchange(0x12);
        try
        {
            await using var server = await TestAppServer.StartAsync(new TestAppServerOptions
            {
                ConfigureBuilder = builder =>
                {
                    builder.Logging.AddProvider(logs);
                    builder.Logging.AddFilter("DeskMirror.Server.Storage", LogLevel.Information);
                },
            });

            Assert.Equal(0x3F, ProcessUmask.Exchange(0x3F));
            var line = Assert.Single(logs.Lines, l => l.Contains("[12]", StringComparison.Ordinal));
            Assert.Contains("umask was 0022; set to 0077", line, StringComparison.Ordinal);
        }
        finally
        {
            ProcessUmask.Exchange(previous);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void AssertOwnerOnly(string root)
    {
        Assert.Equal(Folder, File.GetUnixFileMode(root));
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var expected = entry is DirectoryInfo ? Folder : File600;
            Assert.True(expected == entry.UnixFileMode, $"{Path.GetRelativePath(root, entry.FullName)} is {entry.UnixFileMode}, not {expected}");
        }
    }
}
