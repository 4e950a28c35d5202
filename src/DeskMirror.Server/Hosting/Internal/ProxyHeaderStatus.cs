namespace DeskMirror.Server.Hosting.Internal;

/// <summary>What the bytes read so far make of a PROXY protocol v2 header.</summary>
internal enum ProxyHeaderStatus
{
    /// <summary>A valid prefix: read more.</summary>
    Incomplete,

    /// <summary>A complete, valid header.</summary>
    Valid,

    /// <summary>Not a header this listener accepts; the connection is closed.</summary>
    Invalid,
}
