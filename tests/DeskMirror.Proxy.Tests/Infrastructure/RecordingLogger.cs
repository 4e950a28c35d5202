using Microsoft.Extensions.Logging;

namespace DeskMirror.Proxy.Tests.Infrastructure;

/// <summary>Keeps every line the proxy logs, with its event name, so a test can read what an operator would see.</summary>
internal sealed class RecordingLogger : ILogger<TcpMirrorProxy>
{
    private readonly List<(string Event, string Message)> _lines = [];

    public IReadOnlyList<(string Event, string Message)> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines)
        {
            _lines.Add((eventId.Name ?? eventId.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), formatter(state, exception)));
        }
    }
}
