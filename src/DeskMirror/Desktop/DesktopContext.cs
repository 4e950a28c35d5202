using DeskMirror.Credentials;
using DeskMirror.Runtime;
using DeskMirror.Settings;
using DeskMirror.Tls;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Desktop;

/// <summary>What the desktop core resolved before the server starts, shared by its parts.</summary>
internal sealed class DesktopContext
{
    public required SettingsStore Store { get; init; }

    /// <summary>The settings file with this run's flags laid over it.</summary>
    public required DeskMirrorSettings Effective { get; init; }

    public required ResolvedCredentials Credentials { get; init; }

    public required RuntimeStateFile RuntimeFile { get; init; }

    public required string ControlSecret { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public long ProcessStartTicks { get; init; }

    /// <summary>The mirror's certificates; null when <c>mirrorTls</c> is off.</summary>
    public MirrorCertificates? Certificates { get; init; }

    public required ILoggerFactory LoggerFactory { get; init; }
}
