using System.CommandLine;
using DeskMirror.Cli;
using DeskMirror.Desktop;
using DeskMirror.Settings;

namespace DeskMirror.Commands;

/// <summary>
/// <c>deskmirror [--mirror|--no-mirror] [--port N] [--bind ADDR] [--mirror-tls auto|required|off] [--tls-cert PATH --tls-key PATH]
/// [--no-mdns] [--no-open] [--data-dir DIR] [--config PATH]</c>: the desktop.
/// </summary>
internal static class DesktopCommand
{
    private static readonly Option<bool> Mirror = new("--mirror") { Description = "Serve the LAN mirror for this run (the settings decide by default)." };
    private static readonly Option<bool> NoMirror = new("--no-mirror") { Description = "Do not serve the LAN mirror for this run." };
    private static readonly Option<int?> Port = CommonOptions.Port("Mirror port on the LAN for this run (default 4096).");
    private static readonly Option<string?> Bind = CommonOptions.Bind();
    private static readonly Option<bool> NoOpen = new("--no-open") { Description = "Do not open the desktop UI in a browser." };
    private static readonly Option<string?> DataDirectory = CommonOptions.DataDirectory();
    private static readonly Option<string?> Config = CommonOptions.Config();
    private static readonly Option<string?> TlsCertificate = CommonOptions.TlsCertificate();
    private static readonly Option<string?> TlsKey = CommonOptions.TlsKey();
    private static readonly Option<string?> MirrorTls = CommonOptions.MirrorTls();
    private static readonly Option<bool> NoMdns = CommonOptions.NoMdns();

    /// <summary>Makes <paramref name="root"/> run the desktop.</summary>
    public static RootCommand AddDesktop(this RootCommand root)
    {
        root.Options.Add(Mirror);
        root.Options.Add(NoMirror);
        root.Options.Add(Port);
        root.Options.Add(Bind);
        root.Options.Add(NoOpen);
        root.Options.Add(DataDirectory);
        root.Options.Add(Config);
        root.Options.Add(TlsCertificate);
        root.Options.Add(TlsKey);
        root.Options.Add(MirrorTls);
        root.Options.Add(NoMdns);
        CommonOptions.RequireTlsPair(root, TlsCertificate, TlsKey, MirrorTls);
        root.Validators.Add(result =>
        {
            if (result.GetValue(Mirror) && result.GetValue(NoMirror))
            {
                result.AddError("--mirror and --no-mirror contradict each other; give one");
            }
        });
        root.SetAction(RunAsync);
        return root;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var flags = new DeskMirrorSettings
        {
            MirrorEnabled = parse.GetValue(Mirror) ? true : parse.GetValue(NoMirror) ? false : null,
            Port = parse.GetValue(Port),
            BindAddress = parse.GetValue(Bind),
            MirrorTls = parse.GetValue(MirrorTls)?.Trim().ToLowerInvariant(),
            TlsCertificate = parse.GetValue(TlsCertificate),
            TlsKey = parse.GetValue(TlsKey),
            Mdns = parse.GetValue(NoMdns) ? false : null,
        };
        using var scope = new CommandScope(Console.Out, cancellationToken);
        return await DesktopRunner.RunAsync(
            new DesktopRunOptions
            {
                ConfigPath = parse.GetValue(Config),
                DataDirectory = parse.GetValue(DataDirectory),
                Flags = flags,
                NoOpen = parse.GetValue(NoOpen),
            },
            scope);
    }
}
