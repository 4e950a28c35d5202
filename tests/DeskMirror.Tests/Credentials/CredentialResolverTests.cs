using DeskMirror.Credentials;
using DeskMirror.Settings;

namespace DeskMirror.Tests.Credentials;

public sealed class CredentialResolverTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly SettingsStore _store;

    public CredentialResolverTests() => _store = new SettingsStore(_folder.Combine("settings.json"));

    [Fact]
    public async Task Resolve_SettingsFile_WinsOverEnvironmentAndShell()
    {
        var shell = _folder.WriteScript("shell", "echo DESKMIRROR_USERNAME=shell; echo DESKMIRROR_PASSWORD=shellpw");
        var resolver = Resolver(new() { ["DESKMIRROR_USERNAME"] = "env", ["DESKMIRROR_PASSWORD"] = "envpw" }, shell);

        var resolved = await resolver.ResolveAsync(new DeskMirrorSettings { Username = "file", Password = "filepw" }, _store).DefaultTimeout("resolve");

        Assert.Equal(("file", "filepw"), (resolved.Username, resolved.Password));
        Assert.Equal(CredentialSourceKind.SettingsFile, resolved.UsernameSource.Kind);
        Assert.Equal(CredentialSourceKind.SettingsFile, resolved.PasswordSource.Kind);
    }

    [Fact]
    public async Task Resolve_ProcessEnvironment_DeskMirrorBeforeOpencodeAndBeforeShell()
    {
        var shell = _folder.WriteScript("shell", "echo DESKMIRROR_USERNAME=shell; echo DESKMIRROR_PASSWORD=shellpw");
        var resolver = Resolver(
            new() { ["DESKMIRROR_USERNAME"] = "dm", ["OPENCODE_SERVER_USERNAME"] = "oc", ["OPENCODE_SERVER_PASSWORD"] = "ocpw" },
            shell);

        var resolved = await resolver.ResolveAsync(new DeskMirrorSettings(), _store).DefaultTimeout("resolve");

        Assert.Equal(("dm", "ocpw"), (resolved.Username, resolved.Password));
        Assert.Equal(new CredentialSource(CredentialSourceKind.ProcessEnvironment, "DESKMIRROR_USERNAME"), resolved.UsernameSource);
        Assert.Equal("environment OPENCODE_SERVER_PASSWORD", resolved.PasswordSource.ToString());
    }

    [Fact]
    public async Task Resolve_LoginShell_FillsWhatTheProcessLacks()
    {
        // The script sees how it was called: only a login shell (-l) running `env` may answer.
        var shell = _folder.WriteScript("shell", """
            [ "$1" = "-l" ] && [ "$2" = "-c" ] && [ "$3" = "env" ] || exit 9
            echo "PATH=/usr/bin"
            echo "OPENCODE_SERVER_USERNAME=oc-shell"
            echo "OPENCODE_SERVER_PASSWORD=pw=with=equals"
            """);
        var resolver = Resolver(new() { ["DESKMIRROR_USERNAME"] = "proc" }, shell);

        var resolved = await resolver.ResolveAsync(new DeskMirrorSettings(), _store).DefaultTimeout("resolve");

        Assert.Equal(("proc", "pw=with=equals"), (resolved.Username, resolved.Password));
        Assert.Equal("login shell OPENCODE_SERVER_PASSWORD", resolved.PasswordSource.ToString());
        Assert.Null(resolver.LoginShellProblem);
    }

    [Fact]
    public async Task Resolve_HangingLoginShell_IsSkippedAfterTheTimeoutAndKilled()
    {
        var marker = _folder.Combine("shell.pid");
        var shell = _folder.WriteScript("shell", $"echo $$ > {marker}; exec sleep 60");
        var resolver = Resolver([], shell, TimeSpan.FromMilliseconds(500));

        var resolved = await resolver.ResolveAsync(new DeskMirrorSettings(), _store).DefaultTimeout("resolve with a hanging shell");

        Assert.Equal(CredentialSourceKind.Default, resolved.UsernameSource.Kind);
        Assert.Contains("did not finish", resolver.LoginShellProblem, StringComparison.Ordinal);
        var pid = int.Parse(File.ReadAllText(marker).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await Poll.UntilAsync(() => Task.FromResult(Internal.ProcessInfo.Read(pid) is null or { IsZombie: true }), "the hanging shell to be killed");
    }

    [Fact]
    public async Task Resolve_FailingLoginShell_IsSkipped()
    {
        var shell = _folder.WriteScript("shell", "echo DESKMIRROR_PASSWORD=never; exit 3");

        var resolver = Resolver([], shell);
        var resolved = await resolver.ResolveAsync(new DeskMirrorSettings(), _store).DefaultTimeout("resolve");

        Assert.NotEqual("never", resolved.Password);
        Assert.Contains("exited with 3", resolver.LoginShellProblem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_NothingAnywhere_DefaultUserAndGeneratedPasswordSavedOnce()
    {
        var resolver = Resolver([], shell: null);

        var first = await resolver.ResolveAsync(_store.Load().Settings, _store).DefaultTimeout("first resolve");
        var second = await resolver.ResolveAsync(_store.Load().Settings, _store).DefaultTimeout("second resolve");

        Assert.Equal("deskmirror", first.Username);
        Assert.Equal(CredentialSourceKind.Generated, first.PasswordSource.Kind);
        Assert.Equal(DeskMirror.Server.Auth.PasswordGenerator.Length, first.Password.Length);
        Assert.Equal(first.Password, second.Password);
        Assert.Equal(CredentialSourceKind.SettingsFile, second.PasswordSource.Kind);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_store.FilePath));
    }

    [Fact]
    public async Task Resolve_TwoFreshInstalls_GetDifferentPasswords()
    {
        using var other = new TempFolder();
        var a = await Resolver([], null).ResolveAsync(new DeskMirrorSettings(), _store).DefaultTimeout("resolve a");
        var b = await Resolver([], null).ResolveAsync(new DeskMirrorSettings(), new SettingsStore(other.Combine("s.json"))).DefaultTimeout("resolve b");

        Assert.NotEqual(a.Password, b.Password);
    }

    [Fact]
    public void ToString_NeverShowsThePassword()
    {
        var resolved = new ResolvedCredentials("u", new(CredentialSourceKind.Default), "hunter2", new(CredentialSourceKind.Default));

        Assert.DoesNotContain("hunter2", resolved.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private static CredentialResolver Resolver(Dictionary<string, string> process, string? shell, TimeSpan? timeout = null)
        => new(new CredentialResolverOptions
        {
            GetProcessVariable = name => process.GetValueOrDefault(name),
            Shell = shell,
            LoginShellTimeout = timeout ?? TimeSpan.FromSeconds(10),
        });
}
