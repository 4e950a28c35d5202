using DeskMirror.Server.Hosting;

namespace DeskMirror.Sidecar;

/// <summary>How to run and watch an external server that the mirror forwards to.</summary>
internal sealed class SidecarOptions
{
    /// <summary>The placeholder replaced by the chosen loopback port.</summary>
    public const string PortPlaceholder = "{port}";

    /// <summary>A shell command line run by <c>/bin/sh -c</c>; every <c>{port}</c> becomes the port it must listen on.</summary>
    public required string CommandTemplate { get; init; }

    /// <summary>Passed to the command in <c>DESKMIRROR_*</c> and <c>OPENCODE_SERVER_*</c>, and used by the readiness probe.</summary>
    public required ServerCredentials Credentials { get; init; }

    /// <summary>When set, ready also means <c>GET PATH</c> answers with a status below 500.</summary>
    public string? ReadyPath { get; init; }

    /// <summary>The default of <see cref="ReadyTimeout"/>: 30 s (opencode takes a few seconds).</summary>
    public static readonly TimeSpan DefaultReadyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long one start may take to become ready. Default <see cref="DefaultReadyTimeout"/>.</summary>
    public TimeSpan ReadyTimeout { get; init; } = DefaultReadyTimeout;

    /// <summary>How often readiness is probed. Default 100 ms.</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>First wait before a restart; doubles per crash up to <see cref="MaxRestartDelay"/>. Default 0.5 s.</summary>
    public TimeSpan InitialRestartDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait before a restart. Default 10 s.</summary>
    public TimeSpan MaxRestartDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A run this long counts as healthy: the next crash starts the backoff over. Default 30 s.</summary>
    public TimeSpan HealthyRunTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the process group has after SIGTERM before SIGKILL. Default 3 s.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Lines of output kept for error messages. Default 20.</summary>
    public int TailLines { get; init; } = 20;

    /// <summary>Where status lines (started, exited, restarting) go. Default standard error.</summary>
    public TextWriter Log { get; init; } = Console.Error;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
