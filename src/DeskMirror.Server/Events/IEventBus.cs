using System.Text.Json.Nodes;

namespace DeskMirror.Server.Events;

/// <summary>Publishes live events to every <c>GET /event</c> subscriber and in-process listener.</summary>
public interface IEventBus
{
    /// <summary>Publishes one event; <paramref name="desktopOnly"/> keeps it from mirror subscribers.</summary>
    void Publish(string type, JsonObject properties, bool desktopOnly = false);

    /// <summary>In-process subscription (the UI circuits). Dispose to stop.</summary>
    IDisposable Subscribe(Action<ServerEvent> handler);
}
