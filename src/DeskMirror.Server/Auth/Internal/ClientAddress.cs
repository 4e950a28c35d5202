using Microsoft.AspNetCore.Http;

namespace DeskMirror.Server.Auth.Internal;

/// <summary>The key throttling counts failures under.</summary>
internal static class ClientAddress
{
    public static string Of(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }
}
