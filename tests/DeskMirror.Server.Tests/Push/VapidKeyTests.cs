using System.Buffers.Text;
using System.Net;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using DeskMirror.Server.Push;
using DeskMirror.Server.Push.Internal;
using DeskMirror.Server.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Tests.Push;

/// <summary>The VAPID key file: made once, owner-only, kept across restarts, set aside (never overwritten) when unreadable.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class VapidKeyTests
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task KeyFile_FirstStart_IsAnOwnerOnlyP256KeyMatchingThePublishedKey()
    {
        await using var server = await TestAppServer.StartAsync();
        var path = Path.Combine(server.DataDirectory, VapidKeyFile.FileName);

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(path));
        using var key = ECDsa.Create();
        key.ImportFromPem(await File.ReadAllTextAsync(path));
        var q = key.ExportParameters(false).Q;
        Assert.Equal(Base64Url.EncodeToString([0x04, .. q.X!, .. q.Y!]), await PushApiTests.KeyAsync(server.Mirror));
        Assert.Equal([path], Directory.GetFiles(server.DataDirectory, VapidKeyFile.FileName + "*"));
    }

    [Fact]
    public async Task Keys_SurviveARestart()
    {
        await using var server = await TestAppServer.StartAsync();
        var before = await PushApiTests.KeyAsync(server.Desktop);

        await server.RestartAsync();

        Assert.Equal(before, await PushApiTests.KeyAsync(server.Desktop));
    }

    [Fact]
    public async Task KeyFile_ReadableByOthers_IsNarrowedToTheOwner()
    {
        await using var server = await TestAppServer.StartAsync();
        var path = Path.Combine(server.DataDirectory, VapidKeyFile.FileName);
        var before = await PushApiTests.KeyAsync(server.Desktop);
        File.SetUnixFileMode(path, OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await server.RestartAsync();

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(path));
        Assert.Equal(before, await PushApiTests.KeyAsync(server.Desktop));
    }

    public static TheoryData<string, string> Unreadable()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var rsa = RSA.Create(2048);
        return new()
        {
            { "not a key at all\n", "text" },
            { string.Empty, "an empty file" },
            { "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "a broken PEM block" },
            { p384.ExportPkcs8PrivateKeyPem(), "a P-384 key" },
            { rsa.ExportPkcs8PrivateKeyPem(), "an RSA key" },
        };
    }

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task KeyFile_Unreadable_IsSetAsideAndReported_AndNewKeysAreMade(string content, string what)
    {
        var directory = TestAppServer.CreateTempDirectory();
        var path = Path.Combine(directory, VapidKeyFile.FileName);
        await File.WriteAllTextAsync(path, content);
        var logs = new CapturingLoggerProvider();

        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions
        {
            DataDirectory = directory,
            ConfigureBuilder = builder => builder.Logging.AddProvider(logs),
        });

        var aside = Assert.Single(Directory.GetFiles(directory, VapidKeyFile.FileName + ".corrupt-*"));
        Assert.Equal(content, await File.ReadAllTextAsync(aside));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(path));
        using var key = ECDsa.Create();
        key.ImportFromPem(await File.ReadAllTextAsync(path));
        Assert.Equal(256, key.KeySize);
        Assert.Contains(logs.Lines, l => l.Contains("[701]", StringComparison.Ordinal) && l.Contains(aside, StringComparison.Ordinal));
        Assert.Equal(65, Base64Url.DecodeFromChars(await PushApiTests.KeyAsync(server.Desktop)).Length);
        Directory.Delete(directory, recursive: true);
        _ = what;
    }

    [Fact]
    public async Task NewKeys_RemoveSubscriptionsMadeForTheOldOnes_AtTheNextMessage()
    {
        await using var server = await TestAppServer.StartAsync();
        // Loopback discard port: the subscription must be dropped before any send is tried.
        using (var created = await server.Mirror.PostAsync("/push/subscription", Json.Body(PushApiTests.Body("http://127.0.0.1:9/old"))).DefaultTimeout("POST"))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var before = await PushApiTests.KeyAsync(server.Desktop);
        await File.WriteAllTextAsync(Path.Combine(server.DataDirectory, VapidKeyFile.FileName), "overwritten by accident");
        await server.RestartAsync();
        var notifier = server.GetService<PushNotifier>();
        using var watcher = new DeliveryWatcher(notifier);

        notifier.Notify(new PushMessage("s1", "t", "bell", null, "/s/s1"), PushAudience.AllDevices);

        var report = Assert.Single(await watcher.WaitAsync());
        Assert.NotEqual(before, await PushApiTests.KeyAsync(server.Desktop));
        Assert.Equal((0, 1, 0), (report.Delivered, report.Removed, report.Failed));
        Assert.Equal(0, await server.GetService<PushSubscriptionStore>().CountAsync(CancellationToken.None));
    }

    [Fact]
    public void Options_InvalidValues_AreAllReportedByName()
    {
        var errors = new PushOptions
        {
            Subject = "http://insecure.example",
            MaxSubscriptions = 0,
            QueueCapacity = 0,
            TimeToLive = TimeSpan.FromDays(30),
            SendTimeout = TimeSpan.Zero,
            FailureLogInterval = TimeSpan.FromSeconds(-1),
        }.Validate();

        Assert.Equal(
            ["Push.Subject", "Push.MaxSubscriptions", "Push.QueueCapacity", "Push.TimeToLive", "Push.SendTimeout", "Push.FailureLogInterval"],
            errors.Select(e => e[..e.IndexOf(' ', StringComparison.Ordinal)]));
        Assert.Empty(new PushOptions().Validate());
        Assert.Empty(new PushOptions { Subject = "https://me.example/contact" }.Validate());
        Assert.Empty(new PushOptions { Subject = "mailto:me@example.org" }.Validate());
    }
}
