using System.Buffers;
using DeskMirror.Server.Internal;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Hosting.Internal;

/// <summary>
/// Kestrel connection middleware on the mirror listener: every connection must start with a PROXY protocol v2
/// header (<see cref="ProxyHeaderParser"/>), complete within <see cref="AppServerOptions.MirrorProxyHeaderTimeout"/>
/// and <see cref="ProxyHeaderParser.MaxHeaderBytes"/>. The header's source becomes the connection's remote
/// endpoint, so requests, throttling, logs and sign-ins see the device, not the proxy; the local endpoint is kept,
/// so the request's mode still comes from the listener. A connection without a valid header is closed unanswered.
/// </summary>
internal static class ProxyProtocolMiddleware
{
    public static ConnectionDelegate Create(ConnectionDelegate next, AppServerOptions options, ILogger logger)
        => async connection =>
        {
            var header = await ReadHeaderAsync(connection, options, logger);
            if (header is null)
            {
                return;
            }

            connection.RemoteEndPoint = header.Source;
            connection.Features.Set<IProxyProtocolFeature>(header);
            if (header.IsTls)
            {
                var tls = new ProxiedTlsFeature(header.ApplicationProtocol);
                connection.Features.Set<ITlsConnectionFeature>(tls);
                connection.Features.Set<ITlsApplicationProtocolFeature>(tls);
            }

            await next(connection);
        };

    private static async Task<ProxyHeader?> ReadHeaderAsync(ConnectionContext connection, AppServerOptions options, ILogger logger)
    {
        var input = connection.Transport.Input;
        using var deadline = new CancellationTokenSource(options.MirrorProxyHeaderTimeout, options.TimeProvider);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, connection.ConnectionClosed);
        var buffer = new byte[ProxyHeaderParser.MaxHeaderBytes];
        string? error;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(stop.Token);
                var available = result.Buffer;
                var length = (int)Math.Min(available.Length, buffer.Length);
                available.Slice(0, length).CopyTo(buffer);
                var status = ProxyHeaderParser.Parse(buffer.AsSpan(0, length), out var header, out var headerLength, out error);
                if (status == ProxyHeaderStatus.Valid)
                {
                    // Only the header is consumed: the bytes after it are the client's first request.
                    input.AdvanceTo(available.GetPosition(headerLength));
                    return header;
                }

                if (status == ProxyHeaderStatus.Invalid)
                {
                    input.AdvanceTo(available.End);
                    break;
                }

                if (result.IsCompleted)
                {
                    input.AdvanceTo(available.End);
                    error = "the connection ended inside the header";
                    break;
                }

                input.AdvanceTo(available.Start, available.End);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            error = $"no complete header within {options.MirrorProxyHeaderTimeout.TotalSeconds:0.###} s";
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        Log.ProxyHeaderRefused(logger, connection.RemoteEndPoint?.ToString() ?? "unknown", error ?? "invalid");
        return null;
    }
}
