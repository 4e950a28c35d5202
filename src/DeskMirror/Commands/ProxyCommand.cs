using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using DeskMirror.Cli;
using DeskMirror.Network;
using DeskMirror.Orphans;
using DeskMirror.Proxy;
using DeskMirror.Settings;
using DeskMirror.Tls;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace DeskMirror.Commands;

/// <summary><c>deskmirror proxy --listen HOST:PORT --upstream HOST:PORT</c>: the TCP mirror proxy on its own.</summary>
internal static class ProxyCommand
{
    /// <summary>
    /// Open connections get this long to finish after Ctrl-C or SIGTERM: short, so a stop feels immediate, and
    /// under System.CommandLine's default 2 s termination timeout should a host keep that timeout on.
    /// </summary>

    private const string Name = "deskmirror proxy";

    // Values are read as text and checked here, so every bad value gets one line and exit code 2
    // (System.CommandLine's own parse errors print the whole help and exit 1).
    private static readonly Option<string> ListenOption = new("--listen")
    {
        Description = "Address to listen on: 0.0.0.0:4096 (every IPv4 interface), [::]:4096 (IPv6 and IPv4), 127.0.0.1:0 (any free port)",
        HelpName = "HOST:PORT",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<string> UpstreamOption = new("--upstream")
    {
        Description = "Server every connection is forwarded to, e.g. 127.0.0.1:8080 or localhost:8080",
        HelpName = "HOST:PORT",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<string> ConnectTimeoutOption = new("--connect-timeout")
    {
        Description = "Seconds to wait for the upstream to accept a connection (default 5)",
        HelpName = "S",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly ProxyLimitOptions Limits = ProxyLimitOptions.Create();
    private static readonly Option<string> TlsCertificateOption = new("--tls-cert")
    {
        Description = "PEM certificate (chain) the listener presents to TLS clients; the port then serves TLS and plain TCP alike (told apart by the first byte). Needs --tls-key",
        HelpName = "PATH",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<string> TlsKeyOption = new("--tls-key")
    {
        Description = "Unencrypted PEM private key (RSA or EC) of --tls-cert",
        HelpName = "PATH",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public static Command Create()
    {
        var command = new Command("proxy", "Forward every TCP connection on one address to another, byte for byte (HTTP, SSE, WebSocket, anything).")
        {
            ListenOption,
            UpstreamOption,
            ConnectTimeoutOption,
            TlsCertificateOption,
            TlsKeyOption,
        };
        Limits.AddTo(command);
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, Console.Out, Console.Error, cancellationToken));
        return command;
    }

    internal static async Task<int> RunAsync(ParseResult parseResult, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        // The listener's certificate: checked here, so a wrong file is one line and exit code 2 before anything listens.
        using var certificates = LoadCertificates(parseResult, out var certificateError);
        if (certificateError is not null)
        {
            await error.WriteLineAsync($"{Name}: {certificateError}");
            return ExitCodes.Usage;
        }

        TcpMirrorProxyOptions options;
        try
        {
            options = await ReadOptionsAsync(parseResult, certificates is null ? null : new ProxyTls(certificates), cancellationToken);
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"{Name}: {e.Message}");
            return ExitCodes.Usage;
        }

        EnableInlineSocketCompletions();
        using var shutdown = new ShutdownSignal();
        using var loggerFactory = LoggerFactory.Create(logging =>
        {
            // stdout carries the addresses and the counters; warnings (upstream down, limit reached) go to stderr.
            logging.SetMinimumLevel(LogLevel.Warning);
            logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss ";
            });
            logging.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        });
        var proxy = new TcpMirrorProxy(options, loggerFactory.CreateLogger<TcpMirrorProxy>());
        try
        {
            await proxy.StartAsync(cancellationToken);
        }
        catch (ProxyAddressInUseException e)
        {
            await error.WriteLineAsync($"{Name}: cannot listen on {e.Address}: {await PortInUse.DescribeAsync(options.Listen.Port, "--listen", cancellationToken)}");
            return ExitCodes.Usage;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.AccessDenied)
        {
            await error.WriteLineAsync($"{Name}: cannot listen on {options.Listen}: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (SocketException e)
        {
            await error.WriteLineAsync($"{Name}: cannot listen on {options.Listen}: {e.Message}");
            return ExitCodes.Failure;
        }

        foreach (var address in LanAddressFinder.Reachable(proxy.LocalEndpoint))
        {
            await output.WriteLineAsync($"listening on {address}");
        }

        await output.WriteLineAsync($"forwarding to {Describe(options.Upstream)}; Ctrl-C stops");
        await output.WriteLineAsync(ProxyLimitOptions.Describe(proxy, options));
        await output.FlushAsync(CancellationToken.None);

        await shutdown.WaitAsync(cancellationToken);
        await proxy.StopAsync(CancellationToken.None);

        var counters = proxy.Counters;
        await output.WriteLineAsync(
            $"stopped: {counters.Accepted} accepted, {counters.RefusedByLimit} refused by the limit, " +
            $"{counters.UpstreamFailures} upstream failures, {counters.BytesToUpstream} bytes to upstream, " +
            $"{counters.BytesToClient} bytes to clients, {counters.RefusedByAddressLimit} refused by the per-address limit, " +
            $"{counters.TimedOut} timed out{ProxyLimitOptions.DescribeTls(counters, options)}");
        await output.FlushAsync(CancellationToken.None);
        return ExitCodes.Ok;
    }

    private static async Task<TcpMirrorProxyOptions> ReadOptionsAsync(ParseResult parseResult, ProxyTls? tls, CancellationToken cancellationToken)
    {
        if (parseResult.UnmatchedTokens.Count > 0)
        {
            throw new UsageException($"unexpected argument '{parseResult.UnmatchedTokens[0]}' (see deskmirror proxy --help)");
        }

        var listen = EndpointParser.Parse(parseResult.GetValue(ListenOption), "--listen", allowPortZero: true);
        var upstream = EndpointParser.Parse(parseResult.GetValue(UpstreamOption), "--upstream", allowPortZero: false);
        var defaults = new TcpMirrorProxyOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), Upstream = upstream };
        var connectTimeout = OptionValues.PositiveSeconds(parseResult.GetValue(ConnectTimeoutOption), "--connect-timeout", defaults.ConnectTimeout);
        var resolved = await EndpointParser.ResolveListenAsync(listen, "--listen", cancellationToken);
        return Limits.Read(parseResult.GetValue, parseResult.GetValue(Limits.ProxyProtocol), resolved, upstream, connectTimeout, tls);
    }

    private static MirrorCertificates? LoadCertificates(ParseResult parseResult, out string? error)
    {
        error = null;
        var certificate = parseResult.GetValue(TlsCertificateOption);
        var key = parseResult.GetValue(TlsKeyOption);
        if (certificate is null && key is null)
        {
            return null;
        }

        var setup = MirrorCertificates.Create(
            new TlsOptions
            {
                CertificatePath = certificate is null ? null : Path.GetFullPath(certificate),
                KeyPath = key is null ? null : Path.GetFullPath(key),
                DataDirectory = DeskMirrorPaths.DefaultDataDirectory(),
            },
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        error = setup.Error;
        return setup.Certificates;
    }

    /// <summary>
    /// Runs socket continuations on the epoll threads (one per core in this mode) instead of hopping to the
    /// thread pool for every read. The proxy's continuations never block: they only start the next socket
    /// operation, which is the case this runtime switch is meant for. Measured on 2 cores together with starting
    /// connections inline: keep-alive 0.63 → 0.84 and churn 0.33 → 0.56 of direct, at less proxy CPU
    /// (bench/RESULTS.md). The runtime reads the variable when the first socket is created, so this must run
    /// before that; a value set by the user wins.
    /// </summary>
    private static void EnableInlineSocketCompletions()
    {
        const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
        if (Environment.GetEnvironmentVariable(Variable) is null)
        {
            Environment.SetEnvironmentVariable(Variable, "1");
        }
    }

    private static string Describe(EndPoint endpoint) => endpoint is DnsEndPoint dns ? $"{dns.Host}:{dns.Port}" : endpoint.ToString()!;
}
