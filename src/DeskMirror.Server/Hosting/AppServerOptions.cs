using Microsoft.AspNetCore.Builder;

namespace DeskMirror.Server.Hosting;

/// <summary>What the caller (the desktop core, or a test) gives the app server.</summary>
public sealed class AppServerOptions
{
    /// <summary>Folder for the SQLite database and session logs; created when missing.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The one set of credentials both doors accept.</summary>
    public required ServerCredentials Credentials { get; init; }

    /// <summary>Interval of the SSE heartbeat comment. Default 15 s.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Lifetime of a browser sign-in cookie. Default 30 days.</summary>
    public TimeSpan CookieLifetime { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Hooks for the UI and the desktop core to add services before the app is built.</summary>
    public Action<WebApplicationBuilder>? ConfigureBuilder { get; init; }

    /// <summary>Hooks to map more endpoints (the UI) after the API is mapped.</summary>
    public Action<WebApplication>? ConfigureApp { get; init; }
}
