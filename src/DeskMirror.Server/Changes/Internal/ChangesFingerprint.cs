using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DeskMirror.Server.Changes.Internal;

/// <summary>
/// A digest of what the Changes view shows: every listed file with its counts, and its size and modification time
/// on disk, so a second edit of an already modified file is noticed even when its line counts stay the same.
/// </summary>
internal static class ChangesFingerprint
{
    public static string Of(RepositoryLayout layout, ChangeSet changes)
    {
        var text = new StringBuilder();
        text.Append(changes.Branch).Append('\0').Append(changes.Head).Append('\0');
        foreach (var file in changes.Files)
        {
            text.Append(file.Path).Append('\0').Append(file.Status).Append('\0').Append(file.OldPath).Append('\0')
                .Append(file.Additions).Append('\0').Append(file.Deletions).Append('\0').Append(file.Binary).Append('\0');
            var info = new FileInfo(Path.Combine(layout.TopLevel, file.Path));
            if (info.Exists || info.LinkTarget is not null)
            {
                text.Append(info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\0')
                    .Append(info.LinkTarget is null ? info.Length.ToString(CultureInfo.InvariantCulture) : info.LinkTarget).Append('\0');
            }
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>A fingerprint for "it could not be read", which differs from every real one.</summary>
    public static string OfFailure(ChangesFailure failure) => "failure:" + failure.Kind;
}
