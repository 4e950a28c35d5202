using DeskMirror.Cli;

namespace DeskMirror.Internal;

/// <summary>Turns the shared <see cref="ShutdownSignal"/> into a token, for code that stops on a token.</summary>
internal static class SignalCancellation
{
    /// <summary>Cancels <paramref name="source"/> when Ctrl-C or SIGTERM arrives.</summary>
    public static void CancelOnSignal(this ShutdownSignal signal, CancellationTokenSource source)
        => _ = signal.WaitAsync(source.Token).ContinueWith(
            _ =>
            {
                try
                {
                    source.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The command finished while the signal arrived.
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
}
