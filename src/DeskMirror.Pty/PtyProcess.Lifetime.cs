using System.Runtime.InteropServices;
using DeskMirror.Pty.Internal;

namespace DeskMirror.Pty;

public sealed partial class PtyProcess
{
    private readonly TaskCompletionSource<PtyExitStatus> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _leaderExited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // While a stop runs, the exited leader stays a zombie until the group got its SIGKILL: the zombie holds
    // the process group id, so the kill cannot reach an unrelated process that reused the pid.
    private readonly ManualResetEventSlim _reapGate = new();
    private readonly Lock _signalLock = new();
    private bool _reaped;
    private volatile bool _stopRequested;
    private Task<PtyExitStatus>? _stopTask;

    /// <summary>
    /// Ends the child's whole process group: SIGHUP, up to <paramref name="grace"/> for the leader to exit,
    /// then SIGKILL to whatever is left of the group, then the leader is reaped. Returns the exit status.
    /// Cancelling stops the waiting, not the stop.
    /// </summary>
    public Task<PtyExitStatus> StopAsync(TimeSpan grace, CancellationToken cancellationToken = default)
    {
        lock (_signalLock)
        {
            _stopTask ??= StopCoreAsync(grace);
        }

        return _stopTask.WaitAsync(cancellationToken);
    }

    private async Task<PtyExitStatus> StopCoreAsync(TimeSpan grace)
    {
        Log.Stopping(_logger, ProcessId, grace);
        try
        {
            lock (_signalLock)
            {
                _stopRequested = true;
                if (!_reaped)
                {
                    LibC.Kill(-ProcessId, LibC.SigHup);
                }
            }

            try
            {
                await _leaderExited.Task.WaitAsync(grace).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The leader ignored SIGHUP; SIGKILL below.
            }

            lock (_signalLock)
            {
                if (!_reaped)
                {
                    LibC.Kill(-ProcessId, LibC.SigKill);
                }
            }
        }
        finally
        {
            _reapGate.Set();
        }

        return await _exited.Task.ConfigureAwait(false);
    }

    private unsafe void WaitLoop()
    {
        var info = stackalloc byte[LibC.SigInfoBytes];
        int result;
        int errno;
        do
        {
            // WNOWAIT: learn of the exit but leave the zombie in place until a stop has finished with the group.
            result = LibC.WaitId(LibC.PPid, ProcessId, info, LibC.WExited | LibC.WNoWait);
            errno = result == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
        while (errno == LibC.EINTR);

        var status = new PtyExitStatus(null, null);
        _leaderExited.TrySetResult();
        if (result == 0)
        {
            if (_stopRequested)
            {
                _reapGate.Wait();
            }

            lock (_signalLock)
            {
                int waitStatus;
                int reaped;
                do
                {
                    reaped = LibC.WaitPid(ProcessId, &waitStatus, 0);
                }
                while (reaped < 0 && Marshal.GetLastPInvokeError() == LibC.EINTR);

                _reaped = true;
                if (reaped == ProcessId)
                {
                    status = PtyExitStatus.FromWaitStatus(waitStatus);
                }
                else
                {
                    Log.ReapedElsewhere(_logger, ProcessId);
                }
            }
        }
        else
        {
            // ECHILD: someone called waitpid(-1) or SIGCHLD was ignored when the child ended.
            lock (_signalLock)
            {
                _reaped = true;
            }

            Log.ReapedElsewhere(_logger, ProcessId);
        }

        // A grandchild may still hold the terminal; the hang-up after the leader's exit normally ends the
        // output at once, but a bounded wait keeps a stubborn one from holding the exit forever.
        if (!_readerDone.Wait(DrainTimeout))
        {
            _abandonReading = true;
            _readerDone.Wait();
        }

        Log.Ended(_logger, ProcessId, status);
        _exited.TrySetResult(status);
    }
}
