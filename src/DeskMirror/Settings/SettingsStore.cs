using System.Text.Json;
using DeskMirror.Internal;
using DeskMirror.Network;
using DeskMirror.Server.Storage;

namespace DeskMirror.Settings;

/// <summary>
/// Reads and writes the settings file. Writes are atomic with mode 0600 (the file holds the password);
/// a file that cannot be parsed is moved aside with a timestamp, never overwritten in place.
/// </summary>
internal sealed class SettingsStore
{
    /// <summary>Settings files larger than this are not settings files; they are moved aside like corrupt ones.</summary>
    public const int MaxFileBytes = 64 * 1024;

    private readonly TimeProvider _timeProvider;

    public SettingsStore(string path, TimeProvider? timeProvider = null)
    {
        FilePath = Path.GetFullPath(path);
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The settings file.</summary>
    public string FilePath { get; }

    /// <summary>
    /// Loads the file. Missing → empty settings. Unreadable JSON or invalid values → the file is renamed to
    /// <c>settings.json.corrupt-YYYYMMDDTHHMMSSZ</c> (UTC, see <see cref="CorruptFile"/>), the warning says so, and empty settings are returned.
    /// </summary>
    public SettingsLoadResult Load()
    {
        if (!File.Exists(FilePath))
        {
            return new SettingsLoadResult(new DeskMirrorSettings(), null);
        }

        string? problem;
        try
        {
            var length = new FileInfo(FilePath).Length;
            if (length > MaxFileBytes)
            {
                problem = $"it is {length} bytes, more than {MaxFileBytes}";
            }
            else
            {
                var bytes = File.ReadAllBytes(FilePath);
                var settings = JsonSerializer.Deserialize(bytes, SettingsJsonContext.Default.DeskMirrorSettings);
                problem = settings is null ? "it holds null" : Validate(settings);
                if (problem is null)
                {
                    return new SettingsLoadResult(settings!, null);
                }
            }
        }
        catch (JsonException ex)
        {
            problem = ex.LineNumber is { } line ? $"invalid JSON at line {line + 1}" : "invalid JSON";
        }

        var aside = CorruptFile.SetAside(FilePath, _timeProvider);
        return new SettingsLoadResult(
            new DeskMirrorSettings(),
            $"settings file {FilePath} could not be used ({problem}); moved to {aside}, using defaults");
    }

    /// <summary>Writes <paramref name="settings"/> atomically (temporary file, then rename) with mode 0600.</summary>
    public void Save(DeskMirrorSettings settings)
    {
        var problem = Validate(settings);
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(settings));
        }

        SecretFile.WriteAtomically(FilePath, JsonSerializer.SerializeToUtf8Bytes(settings, SettingsJsonContext.Default.DeskMirrorSettings));
    }

    /// <summary>Loads, changes and saves in one step; a corrupt file is moved aside first.</summary>
    public DeskMirrorSettings Update(Func<DeskMirrorSettings, DeskMirrorSettings> change)
    {
        var updated = change(Load().Settings);
        Save(updated);
        return updated;
    }

    /// <summary>Null when the values are usable, else why not.</summary>
    public static string? Validate(DeskMirrorSettings settings)
    {
        if (settings.Port is { } port && !PortNumber.IsValid(port))
        {
            return PortNumber.OutOfRange("port", port);
        }

        if (settings.BindAddress is { } bind && !System.Net.IPAddress.TryParse(bind, out _))
        {
            return $"bind address '{bind}' is not an IP address";
        }

        if (settings.Username is { } user && (user.Length == 0 || user.Contains(':', StringComparison.Ordinal)))
        {
            return "username is empty or contains ':'";
        }

        if (settings.MirrorTls is { } tls && !Server.Tls.MirrorTlsModes.TryParse(tls, out _))
        {
            return $"mirrorTls '{tls}' is not {Server.Tls.MirrorTlsModes.Values}";
        }

        if (settings.Password is { Length: 0 })
        {
            return "password is empty";
        }

        if (settings.Attention?.Validate() is { } attentionProblem)
        {
            return attentionProblem;
        }

        if (settings.AllowedHosts?.Select(Server.Hosting.AllowedHost.Validate).FirstOrDefault(problem => problem is not null) is { } hostProblem)
        {
            return hostProblem;
        }

        return null;
    }
}
