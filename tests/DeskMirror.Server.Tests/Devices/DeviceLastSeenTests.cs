using System.Globalization;
using System.Net;
using DeskMirror.Server.Auth.Internal;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Storage;
using DeskMirror.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace DeskMirror.Server.Tests.Devices;

/// <summary>Last seen moves on at most once per interval, and what a device is survives a restart.</summary>
public sealed class DeviceLastSeenTests
{
    // Now, to the second: the test's cookie jar drops a cookie that expired by the real clock.
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    [Fact]
    public async Task LastSeen_RequestsWithinTheInterval_MoveItOnceItIsDue()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = await DeviceScenario.StartAsync(new TestAppServerOptions { Time = time });
        using var android = DeviceClient.Create(server, "192.168.1.23", DeviceScenario.AndroidChrome);
        await android.SignInWithPasswordAsync();
        var interval = new AppServerOptions { DataDirectory = "unused", Credentials = server.Credentials }.DeviceLastSeenInterval;

        time.Advance(interval - TimeSpan.FromSeconds(1));
        using (await android.FetchAsync("/project"))
        {
        }

        Assert.Equal(Start, await LastSeenAsync(server));

        time.Advance(TimeSpan.FromSeconds(1));
        using (await android.FetchAsync("/project"))
        {
        }

        Assert.Equal(Start + interval, await LastSeenAsync(server));
    }

    [Fact]
    public async Task LastSeen_DeviceOnAnotherNetwork_TakesItsNewAddress()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = await DeviceScenario.StartAsync(new TestAppServerOptions { Time = time });
        using var home = DeviceClient.Create(server, "192.168.1.23", DeviceScenario.AndroidChrome);
        await home.SignInWithPasswordAsync();
        time.Advance(TimeSpan.FromMinutes(5));

        var response = await RawHttp.SendAsync(
            server.Server.MirrorEndpoint, "GET", "/project", prefix: ProxyV2.From("10.20.30.40"), headers: [$"Cookie: {home.Cookie}", "Sec-Fetch-Mode: cors"]);

        Assert.Equal(200, response.Status);
        var device = Assert.Single(await DeviceScenario.ListAsync(server))!;
        Assert.Equal("10.20.30.40", device["address"]!.GetValue<string>());
    }

    [Fact]
    public async Task Restart_SignedInDevice_KeepsWhatItIsAndWhenItWasLastSeen()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = await DeviceScenario.StartAsync(new TestAppServerOptions { Time = time });
        using var android = DeviceClient.Create(server, "192.168.1.23", DeviceScenario.AndroidChrome);
        await android.SignInWithPairingLinkAsync();
        time.Advance(TimeSpan.FromMinutes(3));
        using (await android.FetchAsync("/project"))
        {
        }

        var before = await DeviceScenario.FindAsync(server, "192.168.1.23");

        await server.RestartAsync();

        var after = Assert.Single(await DeviceScenario.ListAsync(server))!;
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
        Assert.Equal(Start + TimeSpan.FromMinutes(3), DateTimeOffset.Parse(after["lastSeenAt"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.Equal("pairing", after["via"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upgrade_SignInsOfAnEarlierVersion_ListedWithANewIdAndNoWay()
    {
        var directory = TestAppServer.CreateTempDirectory();
        await WriteVersion3DatabaseAsync(directory, TestAppServer.DefaultCredentials);

        await using var server = await DeviceScenario.StartAsync(new TestAppServerOptions { DataDirectory = directory });

        var device = Assert.Single(await DeviceScenario.ListAsync(server))!;
        Assert.Matches("^[0-9a-f]{16}$", device["id"]!.GetValue<string>());
        Assert.Null(device["via"]);
        Assert.Null(device["address"]);
        Assert.Null(device["os"]);
        Assert.Equal(device["signedInAt"]!.GetValue<string>(), device["lastSeenAt"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await server.Desktop.DeleteAsync($"/device/{device["id"]!.GetValue<string>()}").DefaultTimeout("DELETE")).StatusCode);
    }

    private static async Task<DateTimeOffset> LastSeenAsync(TestAppServer server)
        => DateTimeOffset.Parse((await DeviceScenario.FindAsync(server, "192.168.1.23"))["lastSeenAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    /// <summary>The database as the version before devices left it: schema 3, a mirror sign-in, the credentials' verifier.</summary>
    private static async Task WriteVersion3DatabaseAsync(string directory, ServerCredentials credentials)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "deskmirror.db"), Pooling = false };
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = string.Join('\n', Migrations.All.Where(m => m.Version <= 3).Select(m => m.Sql)) + """

            PRAGMA user_version = 3;
            INSERT INTO sign_ins (id, mode, created_at, expires_at) VALUES ('ABCDEF0123456789ABCDEF0123456789', 'mirror', '2026-01-01T00:00:00.0000000Z', '2099-01-01T00:00:00.0000000Z');
            INSERT INTO settings (key, value) VALUES ('credential_verifier', $verifier);
            """;
        command.Parameters.AddWithValue("$verifier", CredentialVerifier.Create(credentials, 1_000));
        await command.ExecuteNonQueryAsync();
    }
}
