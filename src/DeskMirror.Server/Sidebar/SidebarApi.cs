using DeskMirror.Server.Http;
using DeskMirror.Server.Modes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DeskMirror.Server.Sidebar;

/// <summary>Maps <c>GET /mirror/sidebar</c> (both listeners) and <c>PUT /mirror/sidebar</c> (desktop only).</summary>
public static class SidebarApi
{
    /// <summary>Largest <c>PUT /mirror/sidebar</c> body: 64 KiB, room for thousands of projects; above it, 413.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Maps the sidebar routes.</summary>
    public static IEndpointRouteBuilder MapSidebarApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/mirror/sidebar", static async (ISidebarStore store, CancellationToken cancellationToken)
            => TypedResults.Ok(await store.GetAsync(cancellationToken)));
        endpoints.MapPut("/mirror/sidebar", PutAsync);
        return endpoints;
    }

    private static async Task<IResult> PutAsync(HttpContext context, ISidebarStore store)
    {
        if (!MirrorPolicy.CanWriteSidebar(context.GetRequestMode()))
        {
            return ApiProblems.Forbidden(MirrorPolicy.RuleWriteSidebar);
        }

        var (request, problem) = await RequestBody.ReadJsonAsync(
            context.Request, ServerJsonContext.Default.SidebarUpdateRequest, MaxBodyBytes, "The body is not a valid sidebar");
        if (problem is not null)
        {
            return problem;
        }

        if (request?.Projects is null)
        {
            return ApiProblems.BadRequest("The body must be a JSON object with a \"projects\" array.");
        }

        try
        {
            var projects = new List<SidebarProject>(request.Projects.Count);
            for (var i = 0; i < request.Projects.Count; i++)
            {
                projects.Add(request.Projects[i] ?? throw new ArgumentException($"projects[{i}] is null."));
            }

            return TypedResults.Ok(await store.UpdateAsync(projects, request.ActiveProjectId, context.RequestAborted));
        }
        catch (ArgumentException ex)
        {
            return ApiProblems.BadRequest(ex.Message);
        }
    }
}
