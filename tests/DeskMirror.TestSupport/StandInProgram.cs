using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace DeskMirror.TestSupport;

/// <summary>
/// The stand-in processes (see <see cref="StandIn"/>): <c>hold-port ADDRESS PORT ignore-sigterm|default-signals</c>
/// and <c>http PORT STATUS</c>. Each prints <c>listening PORT</c> once it listens, then serves until killed.
/// </summary>
public static class StandInProgram
{
    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        switch (args)
        {
            case ["hold-port", var address, var port, var signals]:
                using (signals == "ignore-sigterm" ? PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = true) : null)
                {
                    using var listener = Listen(IPAddress.Parse(address), int.Parse(port, CultureInfo.InvariantCulture));
                    // Held until the test kills this process.
                    await new TaskCompletionSource().Task;
                }

                return 0;
            case ["http", var port, var status]:
                using (var listener = Listen(IPAddress.Loopback, int.Parse(port, CultureInfo.InvariantCulture)))
                {
                    await ServeHttpAsync(listener, int.Parse(status, CultureInfo.InvariantCulture));
                }

                return 0;
            default:
                await Console.Error.WriteLineAsync("usage: hold-port ADDRESS PORT ignore-sigterm|default-signals | http PORT STATUS");
                return 2;
        }
    }

    private static Socket Listen(IPAddress address, int port)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, port));
        socket.Listen(512);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"listening {((IPEndPoint)socket.LocalEndPoint!).Port}"));
        Console.Out.Flush();
        return socket;
    }

    private static async Task ServeHttpAsync(Socket listener, int status)
    {
        while (true)
        {
            var connection = await listener.AcceptAsync();
            _ = AnswerAsync(connection, status);
        }
    }

    // One response per connection, then close: enough for readiness checks and for comparing bytes through a proxy.
    private static async Task AnswerAsync(Socket connection, int status)
    {
        using (connection)
        {
            try
            {
                var buffer = new byte[16 * 1024];
                var received = 0;
                while (received < buffer.Length)
                {
                    var read = await connection.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None);
                    if (read == 0)
                    {
                        return;
                    }

                    received += read;
                    if (buffer.AsSpan(0, received).IndexOf("\r\n\r\n"u8) >= 0)
                    {
                        break;
                    }
                }

                var body = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"stand-in answered {status}\n"));
                var head = Encoding.ASCII.GetBytes(string.Create(
                    CultureInfo.InvariantCulture,
                    $"HTTP/1.1 {status} Stand-in\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"));
                await connection.SendAsync(head, SocketFlags.None);
                await connection.SendAsync(body, SocketFlags.None);
                connection.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                // The client went away; the next one is served.
            }
        }
    }
}
