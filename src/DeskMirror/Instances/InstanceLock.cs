namespace DeskMirror.Instances;

/// <summary>
/// Held by the one desktop that runs on a data folder, for its whole life: an exclusive lock on
/// <c>DATA/deskmirror.lock</c> (mode 0600; <c>flock</c> on Unix, a share lock on Windows). The system releases
/// it when the process ends, however it ends, so a crashed desktop never blocks the next start. The file
/// itself is never deleted: deleting a lock file lets two starts each lock a different one.
/// </summary>
internal sealed class InstanceLock : IDisposable
{
    public const string FileName = "deskmirror.lock";

    private readonly FileStream _file;

    private InstanceLock(FileStream file) => _file = file;

    /// <summary>The lock, or null while another process holds it.</summary>
    public static InstanceLock? TryAcquire(string dataDirectory)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            return new InstanceLock(new FileStream(Path.Combine(dataDirectory, FileName), options));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _file.Dispose();
}
