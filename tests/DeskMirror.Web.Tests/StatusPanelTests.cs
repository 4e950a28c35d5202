using Bunit;
using DeskMirror.Server.Desktop;
using DeskMirror.Web.Components.Status;
using Microsoft.Extensions.DependencyInjection;

namespace DeskMirror.Web.Tests;

public sealed class StatusPanelTests
{
    private static MirrorStatus Status(MirrorState state, string? error = null)
        => new(state, error, 4096, "0.0.0.0", "http://127.0.0.1:39001/", ["http://192.0.2.10:4096/", "http://[2001:db8::5]:4096/"], "deskmirror", "s3cret-Passw0rd");

    private static BunitContext NewContext()
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddLocalization();
        return context;
    }

    [Fact]
    public async Task Serving_ShowsGreenUrlsCredentialsAndThePairingCode()
    {
        await using var context = NewContext();

        var cut = context.Render<StatusPanel>(p => p
            .Add(x => x.Status, Status(MirrorState.Serving))
            .Add(x => x.PairingUrl, "http://192.0.2.10:4096/auth/pair?token=abc"));

        Assert.Equal("serving", cut.Find("[data-testid=status-panel]").GetAttribute("data-state"));
        Assert.Contains("state-serving", cut.Find("[data-testid=status-dot]").ClassList);
        Assert.Equal("http://127.0.0.1:39001/", cut.Find("[data-testid=local-url-value]").TextContent);
        Assert.Equal(["http://192.0.2.10:4096/", "http://[2001:db8::5]:4096/"], cut.FindAll("[data-testid=lan-url-value]").Select(e => e.TextContent));
        Assert.Equal("deskmirror", cut.Find("[data-testid=status-username-value]").TextContent);
        Assert.DoesNotContain("s3cret", cut.Markup, StringComparison.Ordinal);
        Assert.StartsWith("data:image/svg+xml;base64,", cut.Find("[data-testid=pairing-qr]").GetAttribute("src"), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=status-error]"));

        cut.Find("[data-testid=status-password-reveal]").Click();
        Assert.Equal("s3cret-Passw0rd", cut.Find("[data-testid=status-password-value]").TextContent);
    }

    [Fact]
    public async Task Off_ShowsGreyWithoutLanUrlsOrPairingCode()
    {
        await using var context = NewContext();

        var cut = context.Render<StatusPanel>(p => p
            .Add(x => x.Status, Status(MirrorState.Off))
            .Add(x => x.PairingUrl, "http://192.0.2.10:4096/auth/pair?token=stale"));

        Assert.Contains("state-off", cut.Find("[data-testid=status-dot]").ClassList);
        Assert.Empty(cut.FindAll("[data-testid=lan-urls]"));
        Assert.Empty(cut.FindAll("[data-testid=pairing]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=local-url]"));
    }

    [Fact]
    public async Task Error_ShowsRedWithTheReason()
    {
        await using var context = NewContext();

        var cut = context.Render<StatusPanel>(p => p
            .Add(x => x.Status, Status(MirrorState.Error, "port 4096 is held by nginx (pid 812)")));

        Assert.Contains("state-error", cut.Find("[data-testid=status-dot]").ClassList);
        Assert.Equal("port 4096 is held by nginx (pid 812)", cut.Find("[data-testid=status-error]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=pairing]"));
    }
}
