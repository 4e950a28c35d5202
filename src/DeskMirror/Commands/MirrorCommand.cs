using System.CommandLine;
using System.Globalization;
using System.Net;
using DeskMirror.Cli;
using DeskMirror.Credentials;
using DeskMirror.Discovery;
using DeskMirror.Network;
using DeskMirror.Orphans;
using DeskMirror.Proxy;
using DeskMirror.Server.Tls;
using DeskMirror.Settings;
using DeskMirror.Sidecar;
using DeskMirror.Status;
using DeskMirror.Tls;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeskMirror.Commands;

/// <summary>
/// <c>deskmirror mirror --upstream-command "CMD {port}" | --upstream HOST:PORT [--ready-path PATH] [--port N] [--bind ADDR]</c>:
/// the LAN mirror in front of a server DeskMirror does not own.
/// </summary>
internal static class MirrorCommand
{
    private static readonly Option<string?> UpstreamCommand = new("--upstream-command")
    {
        Description = "Shell command that starts the server; {port} is replaced by a free loopback port it must listen on. It gets the credentials in DESKMIRROR_* and OPENCODE_SERVER_*.",
        HelpName = "CMD",
    };

    private static readonly Option<string?> Upstream = new("--upstream")
    {
        Description = "A server that is already running, as HOST:PORT.",
        HelpName = "HOST:PORT",
    };

    private static readonly Option<string?> ReadyPath = new("--ready-path")
    {
        Description = "With --upstream-command: ready also means GET PATH answers below 500.",
        HelpName = "PATH",
    };

    private static readonly Option<double?> ReadyTimeout = CommonOptions.Seconds("--ready-timeout", "Seconds the command may take to become ready (default 30).", 3600);

    private static readonly Option<int?> Port = CommonOptions.Port("Mirror port on the LAN (default: the settings' port, else 4096).");
    private static readonly Option<string?> Bind = CommonOptions.Bind();
    private static readonly Option<string?> Config = CommonOptions.Config();
    private static readonly ProxyLimitOptions Limits = ProxyLimitOptions.Create();
    private static readonly Option<string?> TlsCertificate = CommonOptions.TlsCertificate();
    private static readonly Option<string?> TlsKey = CommonOptions.TlsKey();
    private static readonly Option<string?> MirrorTls = CommonOptions.MirrorTls();
    private static readonly Option<bool> NoMdns = CommonOptions.NoMdns();

    public static Command Create()
    {
        var command = new Command("mirror", "Mirror a server DeskMirror does not own: one started by --upstream-command, or one already running at --upstream.");
        command.Options.Add(UpstreamCommand);
        command.Options.Add(Upstream);
        command.Options.Add(ReadyPath);
        command.Options.Add(ReadyTimeout);
        command.Options.Add(Port);
        command.Options.Add(Bind);
        command.Options.Add(Config);
        Limits.AddTo(command);
        command.Options.Add(TlsCertificate);
        command.Options.Add(TlsKey);
        command.Options.Add(MirrorTls);
        command.Options.Add(NoMdns);
        CommonOptions.RequireTlsPair(command, TlsCertificate, TlsKey, MirrorTls);
        command.Validators.Add(result =>
        {
            var template = result.GetValue(UpstreamCommand);
            var upstream = result.GetValue(Upstream);
            if ((template is null) == (upstream is null))
            {
                result.AddError("give exactly one of --upstream-command \"CMD {port}\" and --upstream HOST:PORT");
            }
            else if (template is not null && !template.Contains(SidecarOptions.PortPlaceholder, StringComparison.Ordinal))
            {
                result.AddError("--upstream-command must contain {port}, the loopback port the command should listen on");
            }
            else if (upstream is not null && ParseUpstream(upstream) is { } error)
            {
                result.AddError(error);
            }
            else if (upstream is not null && result.GetValue(ReadyPath) is not null)
            {
                result.AddError("--ready-path needs --upstream-command");
            }
            else if (ReadLimits(result.GetValue, false, new IPEndPoint(IPAddress.Loopback, 0), new IPEndPoint(IPAddress.Loopback, 1)) is { Error: { } limitError })
            {
                result.AddError(limitError);
            }
        });
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var scope = new CommandScope(Console.Out, cancellationToken);
        var output = scope.Output;
        var (store, fromFile) = scope.LoadSettings(parse.GetValue(Config));
        var flags = new DeskMirrorSettings
        {
            Port = parse.GetValue(Port),
            BindAddress = parse.GetValue(Bind),
            MirrorTls = parse.GetValue(MirrorTls)?.Trim().ToLowerInvariant(),
            TlsCertificate = parse.GetValue(TlsCertificate),
            TlsKey = parse.GetValue(TlsKey),
            Mdns = parse.GetValue(NoMdns) ? false : null,
        };
        var settings = fromFile.OverriddenBy(flags);
        var listen = new IPEndPoint(IPAddress.Parse(settings.BindAddress ?? SettingsDefaults.BindAddress), settings.Port ?? SettingsDefaults.Port);
        var stop = scope.Stopping;
        var tlsMode = MirrorTlsSetup.Mode(settings);
        // The same local authority as the desktop's, so a phone trusts both once.
        using var certificates = MirrorTlsSetup.Prepare(
            tlsMode, MirrorTlsSetup.Options(flags, fromFile, store.FilePath, DeskMirrorPaths.DefaultDataDirectory()), output, Console.Error, NullLogger.Instance, out var tlsFailed);
        if (tlsFailed)
        {
            return ExitCodes.Usage;
        }

        var serving = new Serving(tlsMode, certificates, settings.Mdns ?? SettingsDefaults.Mdns);
        // The server behind this mirror knows nothing of TLS: with TLS required, plain HTTP is answered by the proxy
        // itself (a redirect to https, and the local authority at /ca.crt), never forwarded.
        var tls = certificates is null ? null : new ProxyTls(certificates, tlsMode == MirrorTlsMode.Required, certificates.Authority?.PublicCertificate);
        var proxyProtocol = parse.GetValue(Limits.ProxyProtocol);
        if (ReadLimits(parse.GetValue, proxyProtocol, listen, new IPEndPoint(IPAddress.Loopback, 1), tls) is { Error: { } tlsLimitError })
        {
            await Console.Error.WriteLineAsync($"deskmirror mirror: {tlsLimitError}");
            return ExitCodes.Usage;
        }

        if (parse.GetValue(UpstreamCommand) is not { } template)
        {
            // The validator accepted it already.
            return await ServeAsync(ReadLimits(parse.GetValue, proxyProtocol, listen, EndpointParser.Parse(parse.GetValue(Upstream), "--upstream", allowPortZero: false), tls).Options!, null, serving, output, stop);
        }

        var credentials = await new CredentialResolver(new CredentialResolverOptions()).ResolveAsync(settings, store, stop);
        output.WriteLine($"Username:  {credentials.Username}  ({credentials.UsernameSource})");
        output.WriteLine($"Password:  {credentials.Password}  ({credentials.PasswordSource})");
        await using var supervisor = new SidecarSupervisor(new SidecarOptions
        {
            CommandTemplate = template,
            Credentials = credentials.ToServerCredentials(),
            ReadyPath = parse.GetValue(ReadyPath),
            ReadyTimeout = parse.GetValue(ReadyTimeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : SidecarOptions.DefaultReadyTimeout,
            Log = output,
        });
        try
        {
            await supervisor.StartAsync(stop);
        }
        catch (SidecarNotReadyException ex)
        {
            output.WriteLine($"deskmirror: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }

        return await ServeAsync(ReadLimits(parse.GetValue, proxyProtocol, listen, new IPEndPoint(IPAddress.Loopback, supervisor.Port), tls).Options!, supervisor, serving, output, stop);
    }

    /// <summary>Null when <paramref name="text"/> is a usable HOST:PORT, else the one-line reason.</summary>
    private static string? ParseUpstream(string text)
    {
        try
        {
            EndpointParser.Parse(text, "--upstream", allowPortZero: false);
            return null;
        }
        catch (UsageException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>The proxy options from the limit flags (the validator has checked them), or the one-line reason they are wrong.</summary>
    private static (TcpMirrorProxyOptions? Options, string? Error) ReadLimits(Func<Option<string>, string?> value, bool proxyProtocol, IPEndPoint listen, EndPoint upstream, ProxyTls? tls = null)
    {
        try
        {
            return (Limits.Read(value, proxyProtocol, listen, upstream, new TcpMirrorProxyOptions { Listen = listen, Upstream = upstream }.ConnectTimeout, tls), null);
        }
        catch (UsageException ex)
        {
            return (null, ex.Message);
        }
    }

    /// <summary>Runs the proxy with <paramref name="options"/> until <paramref name="stopRequested"/>.</summary>
    private static async Task<int> ServeAsync(TcpMirrorProxyOptions options, SidecarSupervisor? supervisor, Serving serving, TextWriter output, CancellationToken stopRequested)
    {
        var listen = options.Listen;
        var upstream = options.Upstream;
        await using var proxy = new TcpMirrorProxy(options);
        try
        {
            await proxy.StartAsync(stopRequested);
        }
        catch (ProxyAddressInUseException)
        {
            output.WriteLine($"deskmirror: {await PortInUse.DescribeAsync(listen.Port, "--port", stopRequested)}");
            return ExitCodes.Usage;
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            output.WriteLine($"deskmirror: cannot listen on {listen}: {ex.Message}");
            return ExitCodes.Usage;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Mirroring {upstream} on {proxy.LocalEndpoint}"));
        output.WriteLine(ProxyLimitOptions.Describe(proxy, options));
        var https = serving.Certificates is not null;
        var lan = LanAddressFinder.Find(listen.Address).Select(a => a.ToUrl(proxy.LocalEndpoint.Port, https)).ToList();
        foreach (var url in lan)
        {
            output.WriteLine($"LAN:       {url}");
        }

        if (lan.Count > 0)
        {
            output.Write(QrCodeText.Render(lan[0]));
        }

        if (serving.Certificates is { } certificates)
        {
            output.WriteLine($"HTTPS:     {MirrorTlsModes.Name(serving.Mode)}; certificate {certificates.Describe()}");
        }

        MdnsAdvertiser? advertiser = null;
        if (serving.Mdns)
        {
            var started = MdnsAdvertiser.Start(
                new MdnsAdvertisement(HostNames.Label(), proxy.LocalEndpoint.Port, listen.Address, https, !https || serving.Mode != MirrorTlsMode.Required, serving.Certificates?.Authority?.Fingerprint),
                NullLogger.Instance);
            advertiser = started.Advertiser;
            output.WriteLine(started.WhyNot is { } why
                ? $"mDNS:      not advertised: {why}; the QR code and the addresses above work as before"
                : $"mDNS:      advertised as {HostNames.Label()}.local");
        }

        output.WriteLine("Press Ctrl-C to stop.");
        output.Flush();
        await Task.Delay(Timeout.Infinite, stopRequested).ContinueWith(_ => { }, TaskScheduler.Default);
        output.WriteLine("Stopping…");
        if (advertiser is not null)
        {
            await advertiser.StopAsync();
        }

        await proxy.StopAsync(CancellationToken.None);
        if (supervisor is not null)
        {
            await supervisor.StopAsync();
        }

        var counters = proxy.Counters;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Stopped. {counters.Accepted} connections, {counters.BytesToUpstream} bytes up, {counters.BytesToClient} bytes down{ProxyLimitOptions.DescribeTls(counters, options)}."));
        return ExitCodes.Ok;
    }

    /// <summary>How the mirror serves: its TLS mode and certificates (null when off), and whether it is advertised by mDNS.</summary>
    private sealed record Serving(MirrorTlsMode Mode, MirrorCertificates? Certificates, bool Mdns);
}
