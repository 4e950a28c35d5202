using Microsoft.Extensions.DependencyInjection;

namespace DeskMirror.Server.Sessions;

/// <summary>Registers the session services. SHELL: the sessions issue fills it in; the server calls it.</summary>
public static class SessionServiceCollectionExtensions
{
    public static IServiceCollection AddDeskMirrorSessions(this IServiceCollection services) => services;
}
