using System.Net;

namespace DeskMirror.Proxy;

/// <summary>The proxy could not listen because its address is already taken.</summary>
public sealed class ProxyAddressInUseException : IOException
{
    public ProxyAddressInUseException(EndPoint address, Exception? inner = null)
        : base($"address {address} is already in use", inner) => Address = address;

    public ProxyAddressInUseException() : this(new IPEndPoint(IPAddress.None, 0)) { }

    public ProxyAddressInUseException(string message) : base(message) => Address = new IPEndPoint(IPAddress.None, 0);

    public ProxyAddressInUseException(string message, Exception inner) : base(message, inner) => Address = new IPEndPoint(IPAddress.None, 0);

    /// <summary>The address that was taken.</summary>
    public EndPoint Address { get; }
}
