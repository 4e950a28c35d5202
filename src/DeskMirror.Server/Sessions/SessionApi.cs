using Microsoft.AspNetCore.Routing;

namespace DeskMirror.Server.Sessions;

/// <summary>Maps <c>/session</c> routes. SHELL: the sessions issue fills it in; the server calls it.</summary>
public static class SessionApi
{
    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder endpoints) => endpoints;
}
