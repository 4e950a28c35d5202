using System.Net;
using System.Net.Sockets;
using DeskMirror.Internal;
using DeskMirror.Tests.Infrastructure;

namespace DeskMirror.Tests.Commands;

public sealed class ProxyCommandTests
{
    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Proxy_ServesUntilSignal_PrintsAddressThenCountersAndExits0(string signal)
    {
        using var upstream = new TcpListener(IPAddress.Loopback, 0);
        upstream.Start();
        var echo = EchoOnceAsync(upstream);
        using var proxy = DeskMirrorCli.StartPlain("proxy", "--listen", "127.0.0.1:0", "--upstream", upstream.LocalEndpoint.ToString()!);

        var listening = await proxy.WaitForLineAsync(line => line.StartsWith("listening on ", StringComparison.Ordinal), "the listening line");
        var address = IPEndPoint.Parse(listening["listening on ".Length..]);
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(address).DefaultTimeout();
            var stream = client.GetStream();
            await stream.WriteAsync("ping"u8.ToArray()).DefaultTimeout();
            var reply = new byte[4];
            await stream.ReadExactlyAsync(reply).DefaultTimeout();
            Assert.Equal("ping"u8.ToArray(), reply);
        }

        await echo.DefaultTimeout();
        proxy.Signal(signal == "TERM" ? LibC.SigTerm : LibC.SigInt);

        Assert.Equal(0, await proxy.WaitForExitAsync("deskmirror proxy after SIG" + signal));
        Assert.Contains("forwarding to " + upstream.LocalEndpoint, proxy.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("stopped: 1 accepted, 0 refused by the limit, 0 upstream failures, 4 bytes to upstream, 4 bytes to clients, 0 refused by the per-address limit, 0 timed out", proxy.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("limits: ", proxy.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(string.Empty, proxy.StandardError);
    }

    [Fact]
    public async Task Proxy_PortInUse_OneLineAndExit2()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var address = taken.LocalEndpoint.ToString()!;

        var (code, stdout, stderr) = await DeskMirrorCli.RunPlainAsync("proxy", "--listen", address, "--upstream", "127.0.0.1:9");

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        var self = DeskMirror.Internal.ProcessInfo.Read(Environment.ProcessId)!.Name;
        Assert.Equal($"deskmirror proxy: cannot listen on {address}: port {((IPEndPoint)taken.LocalEndpoint).Port} is held by {self} (pid {Environment.ProcessId}); choose another with --listen\n", stderr);
    }

    [Theory]
    [InlineData("--listen 127.0.0.1:99999 --upstream 127.0.0.1:80", "port 99999 is out of range")]
    [InlineData("--listen nonsense --upstream 127.0.0.1:80", "has no port")]
    [InlineData("--listen 127.0.0.1:0 --upstream 127.0.0.1:0", "port 0 is out of range 1-65535")]
    [InlineData("--upstream 127.0.0.1:80", "--listen needs an address")]
    [InlineData("--listen 127.0.0.1:0", "--upstream needs an address")]
    [InlineData("--listen 127.0.0.1:0 --upstream 127.0.0.1:80 --max-connections 0", "--max-connections '0'")]
    [InlineData("--listen 127.0.0.1:0 --upstream 127.0.0.1:80 --connect-timeout soon", "--connect-timeout 'soon'")]
    [InlineData("--listen 127.0.0.1:0 --upstream 127.0.0.1:80 --frobnicate", "unexpected argument '--frobnicate'")]
    [InlineData("--listen 127.0.0.1:0 --upstream 127.0.0.1:80 --max-connections-per-address 0", "--max-connections-per-address '0'")]
    [InlineData("--listen 127.0.0.1:0 --upstream 127.0.0.1:80 --descriptor-reserve -1", "--descriptor-reserve '-1'")]
    [InlineData("--listen 127.0.0.1:0 --upstream 127.0.0.1:80 --first-byte-timeout soon", "--first-byte-timeout 'soon'")]
    [InlineData("--listen 127.0.0.1:0 --upstream 127.0.0.1:80 --half-close-timeout -3", "--half-close-timeout '-3'")]
    public async Task Proxy_BadArguments_OneLineAndExit2(string arguments, string expected)
    {
        var (code, stdout, stderr) = await DeskMirrorCli.RunPlainAsync(["proxy", .. arguments.Split(' ')]);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("deskmirror proxy: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proxy_TlsCertAndKey_ServesTlsAndPlainOnOnePort_AndCountsTheHandshakes()
    {
        using var folder = new TempFolder();
        var (certificatePath, keyPath) = Tls.TestCertificates.WriteUserPair(folder, "proxy.test", rsa: false);
        using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        using var upstream = new TcpListener(IPAddress.Loopback, 0);
        upstream.Start();
        var echoes = Task.WhenAll(EchoOnceAsync(upstream), EchoOnceAsync(upstream));
        using var proxy = DeskMirrorCli.StartPlain("proxy", "--listen", "127.0.0.1:0", "--upstream", upstream.LocalEndpoint.ToString()!,
            "--tls-cert", certificatePath, "--tls-key", keyPath, "--tls-handshake-timeout", "4");
        var listening = await proxy.WaitForLineAsync(line => line.StartsWith("listening on ", StringComparison.Ordinal), "the listening line");
        var address = IPEndPoint.Parse(listening["listening on ".Length..]);
        await proxy.WaitForLineAsync(line => line.StartsWith("limits: ", StringComparison.Ordinal), "the limits line");

        using (var tlsClient = new TcpClient())
        {
            await tlsClient.ConnectAsync(address).DefaultTimeout();
            // The user's certificate is self-signed: the client pins it rather than trusting a root.
            using var tls = new System.Net.Security.SslStream(tlsClient.GetStream(), false, (_, presented, _, _) => presented?.GetCertHashString() == certificate.Thumbprint);
            await tls.AuthenticateAsClientAsync("proxy.test").DefaultTimeout("the TLS handshake");
            await tls.WriteAsync("tls!"u8.ToArray()).DefaultTimeout();
            var reply = new byte[4];
            await tls.ReadExactlyAsync(reply).DefaultTimeout();
            Assert.Equal("tls!"u8.ToArray(), reply);
        }

        using (var plainClient = new TcpClient())
        {
            await plainClient.ConnectAsync(address).DefaultTimeout();
            var stream = plainClient.GetStream();
            await stream.WriteAsync("ping"u8.ToArray()).DefaultTimeout();
            var reply = new byte[4];
            await stream.ReadExactlyAsync(reply).DefaultTimeout();
            Assert.Equal("ping"u8.ToArray(), reply);
        }

        await echoes.DefaultTimeout("both connections to end");
        proxy.Signal(LibC.SigTerm);

        Assert.Equal(0, await proxy.WaitForExitAsync("deskmirror proxy after SIGTERM"));
        Assert.Contains("PROXY v2 header off; TLS: handshake timeout 4 s, 64 handshakes at once", proxy.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("stopped: 2 accepted, 0 refused by the limit, 0 upstream failures, 8 bytes to upstream, 8 bytes to clients, 0 refused by the per-address limit, 0 timed out, 1 TLS handshakes (0 failed, 0 refused at the cap, 0 for a name the certificate lacks)", proxy.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proxy_TlsWithoutAFirstByteTimeout_OneLineAndExit2()
    {
        using var folder = new TempFolder();
        var (certificatePath, keyPath) = Tls.TestCertificates.WriteUserPair(folder, "proxy.test", rsa: false);

        var (code, _, stderr) = await DeskMirrorCli.RunPlainAsync("proxy", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:9",
            "--tls-cert", certificatePath, "--tls-key", keyPath, "--first-byte-timeout", "0");

        Assert.Equal(2, code);
        Assert.Equal("deskmirror proxy: --first-byte-timeout 0 cannot go with TLS: the client's first byte tells TLS from plain HTTP; give a number of seconds\n", stderr);
    }

    private static async Task EchoOnceAsync(TcpListener listener)
    {
        using var socket = await listener.AcceptSocketAsync();
        var buffer = new byte[1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
        {
            await socket.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
        }
    }
}
