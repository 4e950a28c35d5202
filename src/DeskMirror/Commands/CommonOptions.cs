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

            if (port is < 1 or > 65535)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"--port {port} is out of range; use 1 to 65535"));
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
}
