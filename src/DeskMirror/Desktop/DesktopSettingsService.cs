using DeskMirror.Credentials;
using DeskMirror.Network;
using DeskMirror.Server.Desktop;
using DeskMirror.Server.Hosting;
using DeskMirror.Settings;

namespace DeskMirror.Desktop;

/// <summary>
/// The desktop's settings and credentials for this run: the settings file with this run's flags over it, as
/// the UI changes them. Each change is validated, saved to the file and only then applied.
/// </summary>
internal sealed class DesktopSettingsService
{
    private readonly Lock _lock = new();
    private readonly SettingsStore _store;
    private readonly Action<ServerCredentials> _applyCredentials;
    private MirrorSettings _mirror;
    private ResolvedCredentials _credentials;
    private string? _language;

    /// <param name="applyCredentials">Puts new credentials in force on the server.</param>
    public DesktopSettingsService(SettingsStore store, DeskMirrorSettings effective, ResolvedCredentials credentials, Action<ServerCredentials> applyCredentials)
    {
        _store = store;
        _applyCredentials = applyCredentials;
        _mirror = new MirrorSettings(
            effective.MirrorEnabled ?? SettingsDefaults.MirrorEnabled,
            effective.Port ?? SettingsDefaults.Port,
            effective.BindAddress ?? SettingsDefaults.BindAddress,
            Tls.MirrorTlsSetup.Mode(effective),
            effective.Mdns ?? SettingsDefaults.Mdns);
        _credentials = credentials;
        _language = effective.Language;
    }

    public MirrorSettings Mirror
    {
        get
        {
            lock (_lock)
            {
                return _mirror;
            }
        }
    }

    /// <summary>The credentials in force and their sources.</summary>
    public ResolvedCredentials Credentials
    {
        get
        {
            lock (_lock)
            {
                return _credentials;
            }
        }
    }

    public DesktopSettingsView View
    {
        get
        {
            lock (_lock)
            {
                return new DesktopSettingsView(_mirror.Enabled, _mirror.Port, _mirror.BindAddress, _credentials.Username, _credentials.Password, _language);
            }
        }
    }

    public void SetMirrorEnabled(bool enabled)
    {
        lock (_lock)
        {
            _store.Update(s => s with { MirrorEnabled = enabled });
            _mirror = _mirror with { Enabled = enabled };
        }
    }

    public void SetMirrorPort(int port)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(port, PortNumber.Min);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, PortNumber.Max);
        lock (_lock)
        {
            _store.Update(s => s with { Port = port });
            _mirror = _mirror with { Port = port };
        }
    }

    /// <summary>Saves what the settings page sends; throws <see cref="ArgumentException"/> for values that are not usable.</summary>
    public void Update(DesktopSettingsView settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var candidate = new DeskMirrorSettings
        {
            MirrorEnabled = settings.MirrorEnabled,
            Port = settings.Port,
            BindAddress = settings.BindAddress,
            Username = settings.Username,
            Password = settings.Password,
            Language = string.IsNullOrWhiteSpace(settings.Language) ? null : settings.Language,
        };
        if (SettingsStore.Validate(candidate) is { } problem)
        {
            throw new ArgumentException(problem, nameof(settings));
        }

        lock (_lock)
        {
            // Credentials that came from the environment stay there unless the user changed them here.
            var credentialsChanged = settings.Username != _credentials.Username || settings.Password != _credentials.Password;
            _store.Update(s => s with
            {
                MirrorEnabled = candidate.MirrorEnabled,
                Port = candidate.Port,
                BindAddress = candidate.BindAddress,
                Username = credentialsChanged ? candidate.Username : s.Username,
                Password = credentialsChanged ? candidate.Password : s.Password,
                Language = candidate.Language,
            });
            _language = candidate.Language;
            _mirror = _mirror with { Enabled = settings.MirrorEnabled, Port = settings.Port, BindAddress = settings.BindAddress };
            if (credentialsChanged)
            {
                var fromSettings = new CredentialSource(CredentialSourceKind.SettingsFile);
                _credentials = new ResolvedCredentials(settings.Username, fromSettings, settings.Password, fromSettings);
                _applyCredentials(_credentials.ToServerCredentials());
            }
        }
    }
}
