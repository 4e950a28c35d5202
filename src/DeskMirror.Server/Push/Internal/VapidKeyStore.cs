using DeskMirror.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Push.Internal;

/// <summary>Loads (or makes) the VAPID keys once, on first use; the notifier touches it at start so problems are reported then.</summary>
internal sealed class VapidKeyStore
{
    private readonly Lazy<VapidKeys> _keys;

    public VapidKeyStore(AppServerOptions options, ILogger<VapidKeyStore> logger)
    {
        _keys = new Lazy<VapidKeys>(() => Load(options, logger), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public VapidKeys Keys => _keys.Value;

    private static VapidKeys Load(AppServerOptions options, ILogger logger)
    {
        var load = VapidKeyFile.LoadOrCreate(options.DataDirectory, options.TimeProvider);
        var path = Path.Combine(options.DataDirectory, VapidKeyFile.FileName);
        if (load.SetAsidePath is not null)
        {
            Log.KeyFileSetAside(logger, path, load.Problem ?? "unreadable", load.SetAsidePath);
        }
        else if (load.Created)
        {
            Log.KeysCreated(logger, path);
        }

        return load.Keys;
    }
}
