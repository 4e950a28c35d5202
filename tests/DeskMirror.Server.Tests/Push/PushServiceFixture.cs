using DeskMirror.Server.Tests.Infrastructure;

namespace DeskMirror.Server.Tests.Push;

/// <summary>One web-push-testing process for a test class; each test makes its own subscriptions there.</summary>
public sealed class PushServiceFixture : IAsyncLifetime
{
    public WebPushTestingService Service { get; private set; } = default!;

    public async Task InitializeAsync() => Service = await WebPushTestingService.StartAsync();

    public async Task DisposeAsync()
    {
        if (Service is not null)
        {
            await Service.DisposeAsync();
        }
    }
}
