using DeskMirror.Internal;
using DeskMirror.Settings;

namespace DeskMirror.Cli;

/// <summary>
/// What a long-running command starts with: Ctrl-C and SIGTERM (and the invocation's own cancellation) as one
/// token, <see cref="Stopping"/>, and the settings file loaded with its one-line warning.
/// </summary>
internal sealed class CommandScope : IDisposable
{
    private readonly ShutdownSignal _signal = new();
    private readonly CancellationTokenSource _stop;

    public CommandScope(TextWriter output, CancellationToken invocation)
    {
        Output = output;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(invocation);
        _signal.CancelOnSignal(_stop);
    }

    /// <summary>Where user-facing lines go.</summary>
    public TextWriter Output { get; }

    /// <summary>Cancelled by Ctrl-C, SIGTERM or the invocation.</summary>
    public CancellationToken Stopping => _stop.Token;

    /// <summary>The settings file at <paramref name="configPath"/> (default: the platform's); a file that could not be used is reported.</summary>
    public (SettingsStore Store, DeskMirrorSettings Settings) LoadSettings(string? configPath)
    {
        var store = new SettingsStore(configPath ?? DeskMirrorPaths.DefaultSettingsFile());
        var loaded = store.Load();
        if (loaded.Warning is not null)
        {
            Output.WriteLine(loaded.Warning);
        }

        return (store, loaded.Settings);
    }

    public void Dispose()
    {
        _signal.Dispose();
        _stop.Dispose();
    }
}
