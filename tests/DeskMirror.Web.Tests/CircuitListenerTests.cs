using Bunit;
using DeskMirror.Server.Modes;
using DeskMirror.Web.Components;
using DeskMirror.Web.Tests.Infrastructure;
using DeskMirror.Web.Workspace;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeskMirror.Web.Tests;

/// <summary>A tab's mode is its connection's listener; the page's markers are only checked against it.</summary>
[Collection(ServerGroup.Name)]
public sealed class CircuitListenerTests(ServerFixture server)
{
    [Fact]
    public async Task Routes_PageRenderedForTheDesktop_OnAMirrorConnection_Refused()
    {
        await using var context = UiTestContext.Create(server, RequestMode.Mirror);

        var error = Assert.Throws<InvalidOperationException>(() => context.Render<Routes>(p => p.Add(x => x.Mode, RequestMode.Desktop)));

        Assert.Contains("desktop", error.Message, StringComparison.Ordinal);
        Assert.Equal(RequestMode.Mirror, context.Services.GetRequiredService<UiContext>().Mode);
    }

    [Theory]
    [InlineData(RequestMode.Desktop)]
    [InlineData(RequestMode.Mirror)]
    public void Binder_InsideAHubCall_TakesThatConnectionsListener(RequestMode listener)
    {
        var ui = NewUiContext();
        ConnectionListener.Current = listener;
        try
        {
            _ = new CircuitListenerBinder(ui, NullLogger<CircuitListenerBinder>.Instance);
        }
        finally
        {
            ConnectionListener.Current = null;
        }

        Assert.Equal(listener, ui.Mode);
        Assert.Throws<InvalidOperationException>(() => ui.BindListener(listener == RequestMode.Desktop ? RequestMode.Mirror : RequestMode.Desktop));
    }

    [Fact]
    public void Binder_OutsideAHubCall_GetsTheMirrorsRights()
    {
        var ui = NewUiContext();

        _ = new CircuitListenerBinder(ui, NullLogger<CircuitListenerBinder>.Instance);

        Assert.Equal(RequestMode.Mirror, ui.Mode);
    }

    [Fact]
    public async Task Binder_DesktopCircuitReconnectingThroughTheMirror_Refused()
    {
        var ui = NewUiContext();
        ConnectionListener.Current = RequestMode.Desktop;
        var binder = new CircuitListenerBinder(ui, NullLogger<CircuitListenerBinder>.Instance);

        ConnectionListener.Current = RequestMode.Mirror;
        try
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => binder.OnConnectionUpAsync(null!, CancellationToken.None));
        }
        finally
        {
            ConnectionListener.Current = null;
        }
    }

    private static UiContext NewUiContext() => new(new ServiceCollection().BuildServiceProvider(), NullLogger<UiContext>.Instance);
}
