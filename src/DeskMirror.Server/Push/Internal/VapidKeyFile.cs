using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;

namespace DeskMirror.Server.Push.Internal;

/// <summary>
/// The VAPID key pair in the data folder: <c>vapid.pem</c>, a PKCS#8 P-256 private key, mode 0600. Made once;
/// a file that is not such a key is renamed aside (never overwritten) and a new pair is made. Subscriptions
/// made with the old public key cannot be reached with the new one: the devices subscribe again.
/// </summary>
internal static class VapidKeyFile
{
    public const string FileName = "vapid.pem";

    /// <summary>A PEM private key is a few hundred bytes; anything far larger is not one.</summary>
    private const long MaxFileBytes = 16 * 1024;

    private const string P256Oid = "1.2.840.10045.3.1.7";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static VapidKeyLoad LoadOrCreate(string dataDirectory, TimeProvider time)
    {
        var path = Path.Combine(dataDirectory, FileName);
        string? setAside = null;
        string? problem = null;
        if (File.Exists(path))
        {
            RestrictToOwner(path);
            var (keys, reason) = TryRead(path);
            if (keys is not null)
            {
                return new VapidKeyLoad(keys, Created: false, null, null);
            }

            problem = reason;
            setAside = SetAside(path, time);
        }

        return new VapidKeyLoad(Create(path), Created: true, setAside, problem);
    }

    private static (VapidKeys? Keys, string? Problem) TryRead(string path)
    {
        if (new FileInfo(path).Length > MaxFileBytes)
        {
            return (null, $"larger than {MaxFileBytes} bytes");
        }

        var text = File.ReadAllText(path);
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(text);
            var parameters = key.ExportParameters(includePrivateParameters: true);
            if (parameters.Curve.Oid?.Value != P256Oid)
            {
                return (null, "the key is not on the P-256 curve");
            }

            return (ToKeys(parameters), null);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            // ArgumentException: no PEM block at all; CryptographicException: a block that is not an EC private key.
            return (null, ex.GetType().Name + ": " + ex.Message);
        }
    }

    private static VapidKeys Create(string path)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = key.ExportPkcs8PrivateKeyPem();
        var temp = path + ".tmp-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        try
        {
            using (var stream = new FileStream(temp, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(pem);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: false);
        }
        finally
        {
            File.Delete(temp);
        }

        return ToKeys(key.ExportParameters(includePrivateParameters: true));
    }

    private static VapidKeys ToKeys(ECParameters parameters)
    {
        var point = new byte[65];
        point[0] = 0x04;
        parameters.Q.X!.CopyTo(point, 1);
        parameters.Q.Y!.CopyTo(point, 33);
        return new VapidKeys(Base64Url.EncodeToString(point), Base64Url.EncodeToString(parameters.D));
    }

    private static void RestrictToOwner(string path)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~OwnerOnly) != 0)
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }
    }

    private static string SetAside(string path, TimeProvider time)
    {
        var stamp = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var target = $"{path}.corrupt-{stamp}";
        for (var n = 2; File.Exists(target); n++)
        {
            target = $"{path}.corrupt-{stamp}-{n}";
        }

        File.Move(path, target);
        return target;
    }
}
