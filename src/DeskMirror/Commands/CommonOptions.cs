using System.CommandLine;
using System.Globalization;
using System.Net;
using DeskMirror.Network;

namespace DeskMirror.Commands;

/// <summary>Options several commands share; each call makes a new instance, one per command.</summary>
internal static class CommonOptions
{
    public static Option<string?> Config() => new("--config")
    {
        Description = "Settings file to use instead of the platform's config folder.",
        HelpName = "PATH",
    };

    public static Option<string?> DataDirectory() => new("--data-dir")
    {
        Description = "Data folder (database, session logs, runtime state) instead of the platform's data folder.",
        HelpName = "DIR",
    };

    public static Option<int?> Port(string description) => new("--port")
    {
        Description = description,
        HelpName = "N",
        // Parsed here, not by the default converter, so "--port many" is one clear line like every other error.
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                result.AddError($"--port '{text}' is not a number");
                return null;
            }

            if (!PortNumber.IsValid(port))
            {
                result.AddError(PortNumber.OutOfRange("--port", port));
                return null;
            }

            return port;
        },
    };

    /// <summary>A number of seconds above 0 and at most <paramref name="max"/>.</summary>
    public static Option<double?> Seconds(string name, string description, double max) => new(name)
    {
        Description = description,
        HelpName = "SECONDS",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > max)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} '{text}' must be a number of seconds above 0 and at most {max}"));
                return null;
            }

            return seconds;
        },
    };

    public static Option<string?> Bind()
    {
        var option = new Option<string?>("--bind")
        {
            Description = "Address the mirror listens on (default 0.0.0.0; :: for IPv6 and IPv4).",
            HelpName = "ADDR",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } bind && !IPAddress.TryParse(bind, out _))
            {
                result.AddError($"--bind '{bind}' is not an IP address (for example 0.0.0.0, ::, 192.168.1.5)");
            }
        });
        return option;
    }

    public static Option<string?> TlsCertificate() => new("--tls-cert")
    {
        Description = "PEM certificate (chain) for the mirror's TLS, e.g. from tailscale cert or mkcert, instead of DeskMirror's local CA; needs --tls-key.",
        HelpName = "PATH",
    };

    public static Option<string?> TlsKey() => new("--tls-key")
    {
        Description = "Unencrypted PEM private key (RSA or EC) of --tls-cert.",
        HelpName = "PATH",
    };

    public static Option<string?> MirrorTls()
    {
        var option = new Option<string?>("--mirror-tls")
        {
            Description = "What the mirror port speaks: auto (TLS and plain HTTP, the default), required (plain HTTP only redirects) or off.",
            HelpName = "auto|required|off",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && !Server.Tls.MirrorTlsModes.TryParse(text, out _))
            {
                result.AddError($"--mirror-tls '{text}' is not {Server.Tls.MirrorTlsModes.Values}");
            }
        });
        return option;
    }

    public static Option<bool> NoMdns() => new("--no-mdns") { Description = "Do not advertise the mirror on the LAN by mDNS for this run." };

    /// <summary>Adds the check that <paramref name="certificate"/> and <paramref name="key"/> come together, and that TLS is not off when they are given.</summary>
    public static void RequireTlsPair(Command command, Option<string?> certificate, Option<string?> key, Option<string?>? mode = null)
    {
        command.Validators.Add(result =>
        {
            if ((result.GetValue(certificate) is null) != (result.GetValue(key) is null))
            {
                result.AddError("--tls-cert and --tls-key go together; give both");
            }
            else if (mode is not null && result.GetValue(certificate) is not null
                && Server.Tls.MirrorTlsModes.TryParse(result.GetValue(mode), out var parsed) && parsed == Server.Tls.MirrorTlsMode.Off)
            {
                result.AddError("--tls-cert with --mirror-tls off contradict each other; give one");
            }
        });
    }
}
