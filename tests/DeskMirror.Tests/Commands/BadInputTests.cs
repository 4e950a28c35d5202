using DeskMirror.Tests.Infrastructure;

namespace DeskMirror.Tests.Commands;

/// <summary>Bad command-line input: one line on standard error, nothing else, exit code 2.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempFolder _home = new();

    [Theory]
    [InlineData("--port 0", "--port 0 is out of range")]
    [InlineData("--port 65536", "--port 65536 is out of range")]
    [InlineData("--port many", "--port 'many' is not a number")]
    [InlineData("mirror --upstream-command x{port} --ready-timeout soon", "--ready-timeout 'soon'")]
    [InlineData("--bind everywhere", "--bind 'everywhere' is not an IP address")]
    [InlineData("--mirror --no-mirror", "contradict")]
    [InlineData("--password hunter2", "--password")]
    [InlineData("--frobnicate", "--frobnicate")]
    [InlineData("status --port 4096", "--port")]
    [InlineData("mirror", "exactly one of --upstream-command")]
    [InlineData("mirror --upstream 127.0.0.1:1 --upstream-command x{port}", "exactly one of")]
    [InlineData("mirror --upstream-command sleep", "must contain {port}")]
    [InlineData("mirror --upstream nohost", "--upstream 'nohost' has no port")]
    [InlineData("mirror --upstream 127.0.0.1:99999", "out of range")]
    [InlineData("mirror --upstream 127.0.0.1:80 --ready-path /", "--ready-path needs --upstream-command")]
    [InlineData("mirror --upstream-command x{port} --ready-timeout 0", "--ready-timeout")]
    [InlineData("--mirror-tls sometimes", "--mirror-tls 'sometimes' is not auto, required or off")]
    [InlineData("--tls-cert /nonexistent/a.crt", "--tls-cert and --tls-key go together; give both")]
    [InlineData("--tls-cert /nonexistent/a.crt --tls-key /nonexistent/a.key", "--tls-cert /nonexistent/a.crt: no such file")]
    [InlineData("--tls-cert /nonexistent/a.crt --tls-key /nonexistent/a.key --mirror-tls off", "contradict")]
    [InlineData("mirror --upstream 127.0.0.1:1 --tls-key /nonexistent/a.key", "--tls-cert and --tls-key go together")]
    [InlineData("mirror --upstream 127.0.0.1:1 --tls-cert /nonexistent/a.crt --tls-key /nonexistent/a.key", "--tls-cert /nonexistent/a.crt: no such file")]
    public async Task BadInput_PrintsOneLineAndExits2(string arguments, string expected)
    {
        using var deskmirror = DeskMirrorCli.Start(_home.Path, arguments.Split(' '));

        var code = await deskmirror.WaitForExitAsync($"deskmirror {arguments}");

        Assert.Equal(2, code);
        var lines = deskmirror.Output.TrimEnd('\n').Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("deskmirror: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_home.Path, "config")), "bad input must not create settings");
    }

    [Fact]
    public async Task Proxy_CertificateFileMissing_PrintsOneLineAndExits2()
    {
        var (code, stdout, stderr) = await DeskMirrorCli.RunPlainAsync(
            "proxy", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:1", "--tls-cert", "/nonexistent/a.crt", "--tls-key", "/nonexistent/a.key");

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Equal("deskmirror proxy: --tls-cert /nonexistent/a.crt: no such file", stderr.TrimEnd('\n'));
    }

    public void Dispose() => _home.Dispose();
}
