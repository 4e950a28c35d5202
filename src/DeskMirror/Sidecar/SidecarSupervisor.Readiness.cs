using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DeskMirror.Sidecar;

/// <summary>Waiting until the command accepts connections (and answers the ready path below 500).</summary>
internal sealed partial class SidecarSupervisor
{
    private async Task WaitReadyAsync(Process process, CancellationToken cancellationToken)
    {
        var time = _options.TimeProvider;
        var startedAt = time.GetTimestamp();
        while (true)
        {
            if (process.HasExited)
            {
                // Let the last lines arrive before quoting them.
                await WaitForOutputAsync(process);
                throw new SidecarNotReadyException(
                    $"sidecar `{CommandLine}` exited with code {process.ExitCode} before it accepted connections; its last output:\n{_tail.Format()}");
            }

            if (await AcceptsAsync(cancellationToken) && (_options.ReadyPath is null || await AnswersAsync(_options.ReadyPath, cancellationToken)))
            {
                return;
            }

            if (time.GetElapsedTime(startedAt) >= _options.ReadyTimeout)
            {
                var what = _options.ReadyPath is null ? $"accept connections on 127.0.0.1:{Port}" : $"answer GET {_options.ReadyPath} on 127.0.0.1:{Port} below 500";
                throw new SidecarNotReadyException(
                    $"sidecar `{CommandLine}` did not {what} within {_options.ReadyTimeout.TotalSeconds:0.#} s; its last output:\n{_tail.Format()}");
            }

            // Nothing announces that another process started listening; probe.
            await Task.Delay(_options.ProbeInterval, time, cancellationToken);
        }
    }

    private async Task<bool> AcceptsAsync(CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port), attempt.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<bool> AnswersAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{Port}{(path.StartsWith('/') ? path : "/" + path)}"), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return (int)response.StatusCode < 500;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
