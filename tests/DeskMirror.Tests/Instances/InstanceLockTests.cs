using DeskMirror.Instances;

namespace DeskMirror.Tests.Instances;

public sealed class InstanceLockTests : IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public void TryAcquire_WhileHeld_IsRefusedUntilReleased()
    {
        using (var first = InstanceLock.TryAcquire(_data.Path))
        {
            Assert.NotNull(first);
            Assert.Null(InstanceLock.TryAcquire(_data.Path));
        }

        using var again = InstanceLock.TryAcquire(_data.Path);
        Assert.NotNull(again);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_data.Combine(InstanceLock.FileName)));
    }

    public void Dispose() => _data.Dispose();
}
