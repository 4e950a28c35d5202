using Microsoft.AspNetCore.Http;

namespace DeskMirror.Server.Modes;

/// <summary>The mode of a request, from the listener it arrived on. CONTRACT: the server issue implements it.</summary>
public static class RequestModeHttpContextExtensions
{
    public static RequestMode GetRequestMode(this HttpContext context) => throw new NotImplementedException();
}
