using DeskMirror.Server.Http;
using DeskMirror.Server.Modes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DeskMirror.Server.Projects;

/// <summary>Maps <c>GET /project</c> (both listeners), <c>POST /project</c> and <c>DELETE /project/{id}</c> (desktop only).</summary>
public static class ProjectApi
{
    /// <summary>Largest <c>POST /project</c> body.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>Maps the project routes.</summary>
    public static IEndpointRouteBuilder MapProjectApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/project", static async (IProjectStore store, CancellationToken cancellationToken)
            => TypedResults.Ok(await store.ListAsync(cancellationToken)));
        endpoints.MapPost("/project", AddAsync);
        endpoints.MapDelete("/project/{id}", static async Task<IResult> (HttpContext context, string id, IProjectStore store) =>
        {
            if (!MirrorPolicy.CanManageProjects(context.GetRequestMode()))
            {
                return ApiProblems.Forbidden(MirrorPolicy.RuleManageProjects);
            }

            return await store.RemoveAsync(id, context.RequestAborted)
                ? TypedResults.NoContent()
                : ApiProblems.NotFound($"No project with id \"{id}\".");
        });
        return endpoints;
    }

    private static async Task<IResult> AddAsync(HttpContext context, IProjectStore store)
    {
        if (!MirrorPolicy.CanManageProjects(context.GetRequestMode()))
        {
            return ApiProblems.Forbidden(MirrorPolicy.RuleManageProjects);
        }

        var (request, problem) = await RequestBody.ReadJsonAsync(
            context.Request, ServerJsonContext.Default.AddProjectRequest, MaxBodyBytes, "The body must be {\"path\": \"/abs/dir\"}");
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            var project = await store.AddAsync(request!.Path!, context.RequestAborted);
            return TypedResults.Created($"/project/{project.Id}", project);
        }
        catch (ProjectConflictException ex)
        {
            return ApiProblems.Conflict(ex.Message);
        }
        catch (ArgumentException ex)
        {
            return ApiProblems.BadRequest(ex.Message);
        }
    }
}
