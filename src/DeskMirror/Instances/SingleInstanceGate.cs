using System.Globalization;
using DeskMirror.Desktop;
using DeskMirror.Orphans;
using DeskMirror.Runtime;

namespace DeskMirror.Instances;

/// <summary>
/// One desktop per data folder, like any single-instance desktop app. A start takes the folder's lock; when
/// another desktop holds it, the start asks that one (its control endpoint, with the secret from its
/// runtime state file) for a fresh launch link and hands over. Only a desktop that does not answer within
/// <see cref="SingleInstanceOptions.AnswerTimeout"/> is ended, with its sessions (<see cref="HungDesktop"/>),
/// and the start takes its place.
/// </summary>
internal sealed class SingleInstanceGate(SingleInstanceOptions? options = null)
{
    private readonly SingleInstanceOptions _options = options ?? new SingleInstanceOptions();

    public async Task<InstanceEntry> EnterAsync(string dataDirectory, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var file = new RuntimeStateFile(dataDirectory);
        var time = _options.TimeProvider;
        var waitingSince = time.GetTimestamp();
        while (true)
        {
            var running = Running(file);
            if (InstanceLock.TryAcquire(dataDirectory) is { } held)
            {
                // A live desktop without the lock runs where file locking is off; it still counts.
                if (running is null)
                {
                    return InstanceEntry.Run(held);
                }

                held.Dispose();
            }

            if (running is null)
            {
                // The holder has not written its state yet: it is starting (credentials, the server).
                if (time.GetElapsedTime(waitingSince) > _options.StartupWait)
                {
                    return InstanceEntry.GiveUp(string.Create(CultureInfo.InvariantCulture,
                        $"another DeskMirror holds {Path.Combine(dataDirectory, InstanceLock.FileName)} but has not said where it listens within {_options.StartupWait.TotalSeconds:0} s; try again, or end it"));
                }

                await Task.Delay(_options.PollInterval, time, cancellationToken);
                continue;
            }

            if (await AskForLaunchUrlAsync(running, cancellationToken) is { } launchUrl)
            {
                return InstanceEntry.HandOver(running, launchUrl);
            }

            if (!RuntimeStateFile.IsAlive(running))
            {
                continue;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"DeskMirror (pid {running.Pid}) does not answer within {_options.AnswerTimeout.TotalSeconds:0.#} s; ending it and its sessions"));
            output.WriteLine(await new HungDesktop(_options.Hung).EndAsync(running, cancellationToken));
            file.DeleteIfOwnedBy(running.Pid);
            waitingSince = time.GetTimestamp();
        }
    }

    /// <summary>The live desktop the state file names, other than this process; null when none.</summary>
    private static RuntimeState? Running(RuntimeStateFile file)
        => file.Read() is { } state && state.Pid != Environment.ProcessId && RuntimeStateFile.IsAlive(state) ? state : null;

    /// <summary>Asks until it answers or the answer time is over; null when it did not answer (or ended meanwhile).</summary>
    private async Task<string?> AskForLaunchUrlAsync(RuntimeState running, CancellationToken cancellationToken)
    {
        var time = _options.TimeProvider;
        var startedAt = time.GetTimestamp();
        while (true)
        {
            var left = _options.AnswerTimeout - time.GetElapsedTime(startedAt);
            if (left <= TimeSpan.Zero || !RuntimeStateFile.IsAlive(running))
            {
                return null;
            }

            using var client = new ControlClient(running, left);
            try
            {
                return (await client.LaunchAsync(cancellationToken)).LaunchUrl;
            }
            catch (Exception ex) when (RunningDesktop.IsNoAnswer(ex, cancellationToken))
            {
                // Refused while it starts or stops; a hung one lets the client's timeout pass.
                await Task.Delay(_options.PollInterval, time, cancellationToken);
            }
        }
    }
}
