using System.CommandLine;
using System.Globalization;
using System.Net;

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

    public static Option<int?> Port(string description)
    {
        var option = new Option<int?>("--port") { Description = description, HelpName = "N" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } port && port is < 1 or > 65535)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"--port {port} is out of range; use 1 to 65535"));
            }
        });
        return option;
    }

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
}
