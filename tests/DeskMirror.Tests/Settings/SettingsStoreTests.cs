using DeskMirror.Settings;
using Microsoft.Extensions.Time.Testing;

namespace DeskMirror.Tests.Settings;

public sealed class SettingsStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void Load_MissingFile_GivesEmptySettingsAndNoWarning()
    {
        var result = new SettingsStore(_folder.Combine("nothing", "settings.json")).Load();

        Assert.Equal(new DeskMirrorSettings(), result.Settings);
        Assert.Null(result.Warning);
    }

    [Fact]
    public void Save_ThenLoad_RoundTripsEveryValue()
    {
        var store = new SettingsStore(_folder.Combine("config", "settings.json"));
        var settings = new DeskMirrorSettings { MirrorEnabled = false, Port = 5000, BindAddress = "::", Username = "ana", Password = "p@ss:word", Language = "de" };

        store.Save(settings);

        Assert.Equal(settings, store.Load().Settings);
    }

    [Fact]
    public void AllowedHosts_FromTheFile_LoadedAndKeptByUpdates()
    {
        var path = _folder.Combine("settings.json");
        File.WriteAllText(path, """{ "port": 4100, "allowedHosts": [ "desk.tailnet-1234.ts.net", "*.tunnel.example.org" ] }""");
        var store = new SettingsStore(path);

        store.Update(s => s with { Port = 4200 });
        var loaded = store.Load();

        Assert.Null(loaded.Warning);
        Assert.Equal(["desk.tailnet-1234.ts.net", "*.tunnel.example.org"], loaded.Settings.AllowedHosts);
        Assert.Equal(4200, loaded.Settings.Port);
        Assert.Contains("allowedHosts", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Attention_FromTheFile_SetsDetectionAndWhichReasonsNotify()
    {
        var path = _folder.Combine("settings.json");
        File.WriteAllText(path, """{ "attention": { "notify": [ "input", "idle", "input" ], "inputAfter": 2.5, "idleAfter": 0 } }""");
        var settings = new SettingsStore(path).Load().Settings;
        var detection = new DeskMirror.Server.Sessions.AttentionOptions();
        var notify = new DeskMirror.Server.Notifications.NotificationOptions();

        settings.Attention!.ApplyTo(detection);
        settings.Attention.ApplyTo(notify);

        Assert.Equal((TimeSpan.FromSeconds(2.5), TimeSpan.Zero), (detection.InputAfter, detection.IdleAfter));
        Assert.Equal([DeskMirror.Server.Events.SessionAttentionReason.Input, DeskMirror.Server.Events.SessionAttentionReason.Idle], notify.Reasons);
        Assert.Empty(notify.Validate());
    }

    [Fact]
    public void Attention_NotGiven_KeepsTheDefaults()
    {
        var detection = new DeskMirror.Server.Sessions.AttentionOptions();
        var notify = new DeskMirror.Server.Notifications.NotificationOptions();

        new AttentionSettings().ApplyTo(detection);
        new AttentionSettings().ApplyTo(notify);

        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20)), (detection.InputAfter, detection.IdleAfter));
        Assert.DoesNotContain(DeskMirror.Server.Events.SessionAttentionReason.Idle, notify.Reasons);
    }

    [Fact]
    public void Save_NewFile_HasModeOwnerReadWriteOnly()
    {
        var store = new SettingsStore(_folder.Combine("settings.json"));

        store.Save(new DeskMirrorSettings { Password = "secret" });

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
    }

    [Fact]
    public void Save_ExistingWorldReadableFile_ReplacesItWithMode0600ByRename()
    {
        var path = _folder.Combine("settings.json");
        File.WriteAllText(path, """{ "port": 4000 }""");
        File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100);
        // A reader holding the old file open keeps seeing the old bytes: the new file was renamed over it,
        // not written into it, so no reader ever sees half a file.
        using var oldReader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        new SettingsStore(path).Save(new DeskMirrorSettings { Port = 5000, Password = "secret" });

        Assert.Equal("""{ "port": 4000 }""", new StreamReader(oldReader).ReadToEnd());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(5000, new SettingsStore(path).Load().Settings.Port);
        Assert.Single(Directory.GetFiles(_folder.Path));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{ "port": "many" }""")]
    [InlineData("""{ "port": 70000 }""")]
    [InlineData("""{ "bindAddress": "everywhere" }""")]
    [InlineData("[1, 2]")]
    [InlineData("""{ "allowedHosts": [ "https://desk.example" ] }""")]
    [InlineData("""{ "allowedHosts": [ "desk.example:443" ] }""")]
    [InlineData("""{ "allowedHosts": "desk.example" }""")]
    [InlineData("""{ "attention": { "notify": [ "bell", "waiting" ] } }""")]
    [InlineData("""{ "attention": { "inputAfter": -1 } }""")]
    [InlineData("""{ "attention": { "idleAfter": 100000 } }""")]
    [InlineData("""{ "attention": { "idleAfter": "20s" } }""")]
    public void Load_CorruptFile_MovesItAsideWithTimestampAndUsesDefaults(string content)
    {
        var path = _folder.Combine("settings.json");
        File.WriteAllText(path, content);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));

        var result = new SettingsStore(path, time).Load();

        var aside = path + ".corrupt-20260304T050607Z";
        Assert.Equal(new DeskMirrorSettings(), result.Settings);
        Assert.False(File.Exists(path));
        Assert.Equal(content, File.ReadAllText(aside));
        Assert.NotNull(result.Warning);
        Assert.DoesNotContain('\n', result.Warning);
        Assert.Contains(aside, result.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CorruptTwiceInOneSecond_KeepsBothCopies()
    {
        var path = _folder.Combine("settings.json");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));
        var store = new SettingsStore(path, time);

        File.WriteAllText(path, "first {");
        store.Load();
        File.WriteAllText(path, "second {");
        store.Load();

        var copies = Directory.GetFiles(_folder.Path).Select(File.ReadAllText).Order().ToList();
        Assert.Equal(["first {", "second {"], copies);
    }

    [Fact]
    public void Update_AfterCorruptFile_WritesNewFileAndKeepsTheCorruptCopy()
    {
        var path = _folder.Combine("settings.json");
        File.WriteAllText(path, "{{{");
        var store = new SettingsStore(path);

        store.Update(s => s with { Port = 4100 });

        Assert.Equal(4100, store.Load().Settings.Port);
        Assert.Contains(Directory.GetFiles(_folder.Path), f => f.Contains(".corrupt-", StringComparison.Ordinal) && File.ReadAllText(f) == "{{{");
    }

    [Fact]
    public void OverriddenBy_FlagsReplaceOnlyWhatTheyGive()
    {
        var file = new DeskMirrorSettings { MirrorEnabled = true, Port = 4000, BindAddress = "0.0.0.0", Username = "u", Password = "p", Language = "fr" };

        var effective = file.OverriddenBy(new DeskMirrorSettings { MirrorEnabled = false, Port = 5000 });

        Assert.Equal(file with { MirrorEnabled = false, Port = 5000 }, effective);
    }

    [Fact]
    public void ToString_NeverShowsThePassword()
        => Assert.DoesNotContain("hunter2", new DeskMirrorSettings { Password = "hunter2" }.ToString(), StringComparison.Ordinal);

    [Fact]
    public void DefaultSettingsFile_OnLinux_FollowsXdgConfigHome()
    {
        Assert.Equal("/x/config/deskmirror/settings.json", DeskMirrorPaths.DefaultSettingsFile(n => n == "XDG_CONFIG_HOME" ? "/x/config" : null));
        Assert.Equal("/x/data/deskmirror", DeskMirrorPaths.DefaultDataDirectory(n => n == "XDG_DATA_HOME" ? "/x/data" : null));
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.Equal(Path.Combine(home, ".config", "deskmirror", "settings.json"), DeskMirrorPaths.DefaultSettingsFile(n => n == "XDG_CONFIG_HOME" ? "relative/ignored" : null));
    }

    public void Dispose() => _folder.Dispose();
}
