namespace DeskMirror.Server.Push.Internal;

/// <summary>The outcome of <see cref="VapidKeyFile.LoadOrCreate"/>.</summary>
/// <param name="Keys">The keys in use.</param>
/// <param name="Created">True when the keys were made now (no file, or an unreadable one).</param>
/// <param name="SetAsidePath">Where an unreadable key file was moved, or null.</param>
/// <param name="Problem">Why that file was unreadable, or null.</param>
internal sealed record VapidKeyLoad(VapidKeys Keys, bool Created, string? SetAsidePath, string? Problem);
