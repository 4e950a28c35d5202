using DeskMirror.Server.Auth;
using DeskMirror.Server.Modes;

namespace DeskMirror.Server.Devices;

/// <summary>
/// A browser signed in to the mirror, as <c>GET /device</c> and the <c>device.*</c> events give it:
/// <c>{ "id", "address", "userAgent", "browser", "os", "signedInAt", "lastSeenAt", "connections", "via", "listener" }</c>.
/// </summary>
/// <param name="Id">The device's public id (never the cookie's secret); <c>DELETE /device/{id}</c> takes it.</param>
/// <param name="Address">The device's own address (the PROXY header's source) at its last request; null when unknown.</param>
/// <param name="UserAgent">The browser's User-Agent at its last request (at most 512 characters); null when it sent none.</param>
/// <param name="Browser">The browser, read from <paramref name="UserAgent"/> (<c>Chrome</c>, <c>Safari</c>, <c>Firefox</c>…); null when not recognised.</param>
/// <param name="Os">The operating system, read from <paramref name="UserAgent"/> (<c>Android</c>, <c>iOS</c>, <c>Windows</c>…); null when not recognised.</param>
/// <param name="SignedInAt">When it signed in.</param>
/// <param name="LastSeenAt">Its last request, to within <see cref="Hosting.AppServerOptions.DeviceLastSeenInterval"/>.</param>
/// <param name="Connections">Its open event streams, WebSockets (session streams) and UI circuit connection, counted live.</param>
/// <param name="Via">How it signed in; null for a sign-in made before the server recorded it.</param>
/// <param name="Listener">The listener it signed in on: always the mirror (the desktop's own sign-ins are not devices).</param>
public sealed record DeviceInfo(
    string Id,
    string? Address,
    string? UserAgent,
    string? Browser,
    string? Os,
    DateTimeOffset SignedInAt,
    DateTimeOffset LastSeenAt,
    int Connections,
    SignInVia? Via,
    RequestMode Listener);
