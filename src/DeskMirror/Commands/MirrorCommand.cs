using System.CommandLine;
using System.Globalization;
using System.Net;
using DeskMirror.Cli;
using DeskMirror.Credentials;
using DeskMirror.Network;
using DeskMirror.Orphans;
using DeskMirror.Proxy;
using DeskMirror.Settings;
using DeskMirror.Sidecar;
using DeskMirror.Status;

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
        var settings = fromFile.OverriddenBy(new DeskMirrorSettings { Port = parse.GetValue(Port), BindAddress = parse.GetValue(Bind) });
        var listen = new IPEndPoint(IPAddress.Parse(settings.BindAddress ?? SettingsDefaults.BindAddress), settings.Port ?? SettingsDefaults.Port);
        var stop = scope.Stopping;
        if (parse.GetValue(UpstreamCommand) is not { } template)
        {
            // The validator accepted it already.
            return await ServeAsync(ReadLimits(parse.GetValue, parse.GetValue(Limits.ProxyProtocol), listen, EndpointParser.Parse(parse.GetValue(Upstream), "--upstream", allowPortZero: false)).Options!, null, output, stop);
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

        return await ServeAsync(ReadLimits(parse.GetValue, parse.GetValue(Limits.ProxyProtocol), listen, new IPEndPoint(IPAddress.Loopback, supervisor.Port)).Options!, supervisor, output, stop);
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
    private static (TcpMirrorProxyOptions? Options, string? Error) ReadLimits(Func<Option<string>, string?> value, bool proxyProtocol, IPEndPoint listen, EndPoint upstream)
    {
        try
        {
            return (Limits.Read(value, proxyProtocol, listen, upstream, new TcpMirrorProxyOptions { Listen = listen, Upstream = upstream }.ConnectTimeout, TimeSpan.FromSeconds(1)), null);
        }
        catch (UsageException ex)
        {
            return (null, ex.Message);
        }
    }

    /// <summary>Runs the proxy with <paramref name="options"/> until <paramref name="stopRequested"/>.</summary>
    private static async Task<int> ServeAsync(TcpMirrorProxyOptions options, SidecarSupervisor? supervisor, TextWriter output, CancellationToken stopRequested)
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
        var lan = LanAddressFinder.Find(listen.Address).Select(a => a.ToUrl(proxy.LocalEndpoint.Port)).ToList();
        foreach (var url in lan)
        {
            output.WriteLine($"LAN:       {url}");
        }

        if (lan.Count > 0)
        {
            output.Write(QrCodeText.Render(lan[0]));
        }

        output.WriteLine("Press Ctrl-C to stop.");
        output.Flush();
        await Task.Delay(Timeout.Infinite, stopRequested).ContinueWith(_ => { }, TaskScheduler.Default);
        output.WriteLine("Stopping…");
        await proxy.StopAsync(CancellationToken.None);
        if (supervisor is not null)
        {
            await supervisor.StopAsync();
        }

        var counters = proxy.Counters;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Stopped. {counters.Accepted} connections, {counters.BytesToUpstream} bytes up, {counters.BytesToClient} bytes down."));
        return ExitCodes.Ok;
    }
}
