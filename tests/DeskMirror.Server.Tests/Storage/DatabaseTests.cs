using DeskMirror.Server.Storage;
using DeskMirror.Server.Tests.Infrastructure;

namespace DeskMirror.Server.Tests.Storage;

public sealed class DatabaseTests
{
    [Fact]
    public async Task Database_New_MigratedToLatestWithSessionsTable()
    {
        await using var server = await TestAppServer.StartAsync();
        var database = server.GetService<IDatabase>();

        await using var connection = await database.OpenConnectionAsync();
        await using var version = connection.CreateCommand();
        version.CommandText = "PRAGMA user_version;";
        await using var columns = connection.CreateCommand();
        columns.CommandText = "SELECT group_concat(name, ',') FROM pragma_table_info('sessions');";

        Assert.Equal((long)Migrations.LatestVersion, await version.ExecuteScalarAsync());
        Assert.Equal(
            "id,project_id,kind,command,title,status,exit_code,reason,mirror_input,created_at,ended_at,cols,rows",
            await columns.ExecuteScalarAsync());
        Assert.Null(database.SetAsidePath);
        Assert.Equal(Path.Combine(server.DataDirectory, "deskmirror.db"), database.FilePath);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(database.FilePath));
        }
    }

    [Fact]
    public async Task Database_CorruptFile_SetAsideKeptAndReplaced()
    {
        var directory = TestAppServer.CreateTempDirectory();
        var garbage = new byte[8192];
        new Random(42).NextBytes(garbage);
        await File.WriteAllBytesAsync(Path.Combine(directory, "deskmirror.db"), garbage);

        await using (var server = await TestAppServer.StartAsync(new TestAppServerOptions { DataDirectory = directory }))
        {
            var database = server.GetService<IDatabase>();
            Assert.NotNull(database.SetAsidePath);
            Assert.StartsWith(Path.Combine(directory, "deskmirror.db.corrupt-"), database.SetAsidePath, StringComparison.Ordinal);
            Assert.Equal(garbage, await File.ReadAllBytesAsync(database.SetAsidePath));
            using var projects = await server.Desktop.GetAsync("/project").DefaultTimeout("GET /project");
            Assert.Equal("[]", await projects.Content.ReadAsStringAsync());
        }

        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Database_NewerSchema_RefusesToStartAndLeavesFileAlone()
    {
        var directory = TestAppServer.CreateTempDirectory();
        var path = Path.Combine(directory, "deskmirror.db");
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE future (x); PRAGMA user_version = 999;";
            await command.ExecuteNonQueryAsync();
        }

        var before = await File.ReadAllBytesAsync(path);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestAppServer.StartAsync(new TestAppServerOptions { DataDirectory = directory }));

        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(path));
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void Migrations_VersionsAreOneToNWithoutGaps()
        => Assert.Equal(Enumerable.Range(1, Migrations.All.Count), Migrations.All.Select(m => m.Version));
}
