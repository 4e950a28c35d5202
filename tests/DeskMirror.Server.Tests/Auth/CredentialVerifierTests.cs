using System.Net;
using System.Security.Cryptography;
using System.Text;
using DeskMirror.Server.Auth;
using DeskMirror.Server.Auth.Internal;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace DeskMirror.Server.Tests.Auth;

/// <summary>The database keeps a slow-KDF verifier of the credentials, never something one cheap hash can test a guess against.</summary>
public sealed class CredentialVerifierTests
{
    [Fact]
    public async Task Verifier_NewDatabase_Pbkdf2Sha256WithProductionIterationsAndNothingElse()
    {
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions { CredentialKdfIterations = CredentialVerifier.DefaultIterations });

        var settings = await ReadSettingsAsync(server.DataDirectory);

        var verifier = Assert.Single(settings, s => s.Key.StartsWith("credential_", StringComparison.Ordinal));
        Assert.Equal("credential_verifier", verifier.Key);
        Assert.StartsWith("pbkdf2-sha256$600000$", verifier.Value, StringComparison.Ordinal);
        Assert.True(CredentialVerifier.Matches(verifier.Value, server.Credentials, out var iterations));
        Assert.Equal(600_000, iterations);
        Assert.False(CredentialVerifier.Matches(verifier.Value, server.Credentials with { Password = "another" }, out _));
        Assert.Equal(600_000, new AppServerOptions { DataDirectory = "x", Credentials = server.Credentials }.CredentialKdfIterations);
    }

    [Fact]
    public async Task Verifier_DatabaseWithTheOldFingerprint_SignInsKeptAndFingerprintErasedFromFileAndLog()
    {
        var (directory, cookie) = await SignedInDatabaseAsync();
        var (salt, fingerprint) = await PutLegacyFingerprintAsync(directory, TestAppServer.DefaultCredentials);

        await using (var server = await TestAppServer.StartAsync(new TestAppServerOptions { DataDirectory = directory }))
        {
            Assert.Equal(HttpStatusCode.OK, await StatusWithCookieAsync(server, cookie));
            var settings = await ReadSettingsAsync(directory);
            Assert.DoesNotContain(settings, s => s.Key is "credential_salt" or "credential_fingerprint");
            Assert.StartsWith("pbkdf2-sha256$", settings.Single(s => s.Key == "credential_verifier").Value, StringComparison.Ordinal);
            foreach (var file in Directory.EnumerateFiles(directory, "deskmirror.db*"))
            {
                var bytes = Encoding.ASCII.GetString(await File.ReadAllBytesAsync(file));
                Assert.DoesNotContain(fingerprint, bytes, StringComparison.Ordinal);
                Assert.DoesNotContain(salt, bytes, StringComparison.Ordinal);
            }
        }

        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Verifier_OldFingerprintOfOtherCredentials_EndsSignIns()
    {
        var (directory, cookie) = await SignedInDatabaseAsync();
        await PutLegacyFingerprintAsync(directory, new ServerCredentials("tester", "the password before"));

        await using (var server = await TestAppServer.StartAsync(new TestAppServerOptions { DataDirectory = directory }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithCookieAsync(server, cookie));
        }

        Directory.Delete(directory, recursive: true);
    }

    /// <summary>A data folder with one desktop sign-in; returns its cookie.</summary>
    private static async Task<(string Directory, string Cookie)> SignedInDatabaseAsync()
    {
        var directory = TestAppServer.CreateTempDirectory();
        var cookies = new CookieContainer();
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions { DataDirectory = directory });
        var origin = server.BaseAddress(RequestMode.Desktop);
        using var signIn = await server.CreateBrowserClient(RequestMode.Desktop, cookies)
            .SendAsync(BrowserRequests.SignIn(origin, server.Credentials.Username, server.Credentials.Password)).DefaultTimeout("sign in");
        return (directory, BrowserRequests.CookiePair(cookies, origin, AuthSchemes.DesktopCookieName)!);
    }

    /// <summary>Turns the database back into what an earlier version wrote: a salted HMAC of the credentials, no verifier.</summary>
    private static async Task<(string Salt, string Fingerprint)> PutLegacyFingerprintAsync(string directory, ServerCredentials credentials)
    {
        var saltBytes = RandomNumberGenerator.GetBytes(32);
        var salt = Convert.ToBase64String(saltBytes);
        var fingerprint = Convert.ToBase64String(HMACSHA256.HashData(saltBytes, Encoding.UTF8.GetBytes(credentials.Username + "\0" + credentials.Password)));
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "deskmirror.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM settings WHERE key = 'credential_verifier';
            INSERT INTO settings (key, value) VALUES ('credential_salt', $salt), ('credential_fingerprint', $fingerprint);
            """;
        command.Parameters.AddWithValue("$salt", salt);
        command.Parameters.AddWithValue("$fingerprint", fingerprint);
        await command.ExecuteNonQueryAsync();
        return (salt, fingerprint);
    }

    private static async Task<List<KeyValuePair<string, string>>> ReadSettingsAsync(string directory)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "deskmirror.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, value FROM settings;";
        await using var reader = await command.ExecuteReaderAsync();
        var settings = new List<KeyValuePair<string, string>>();
        while (await reader.ReadAsync())
        {
            settings.Add(new(reader.GetString(0), reader.GetString(1)));
        }

        return settings;
    }

    private static async Task<HttpStatusCode> StatusWithCookieAsync(TestAppServer server, string cookie)
    {
        var client = server.CreateClient(RequestMode.Desktop, authenticated: false);
        using var request = BrowserRequests.Fetch(HttpMethod.Get, "/project");
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request).DefaultTimeout("GET /project with cookie");
        return response.StatusCode;
    }
}
