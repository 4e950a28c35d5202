using DeskMirror.Server.Hosting;
using DeskMirror.Server.Http;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Push.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeskMirror.Server.Push;

/// <summary>
/// Maps <c>GET /push/key</c>, <c>POST /push/subscription</c> and <c>DELETE /push/subscription/{id}</c>, on both
/// listeners: each device subscribes itself, and the subscription remembers the listener it came through.
/// </summary>
public static class PushApi
{
    /// <summary>Largest <c>POST /push/subscription</c> body; a browser's PushSubscription JSON is well under 1 KiB.</summary>
    public const int MaxBodyBytes = 4 * 1024;

    private const string Shape = "The body must be a PushSubscription: {\"endpoint\": \"https://…\", \"keys\": {\"p256dh\": \"…\", \"auth\": \"…\"}}";

    /// <summary>Maps the push routes.</summary>
    public static IEndpointRouteBuilder MapPushApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/push/key", static (VapidKeyStore keys) => TypedResults.Ok(new PushKeyResponse(keys.Keys.PublicKey)));
        endpoints.MapPost("/push/subscription", SubscribeAsync);
        endpoints.MapDelete("/push/subscription/{id}", static async Task<IResult> (HttpContext context, string id, PushSubscriptionStore store, ILogger<PushSubscriptionStore> logger) =>
        {
            var mode = context.GetRequestMode();
            if (!await store.DeleteAsync(id, mode, context.RequestAborted))
            {
                return ApiProblems.NotFound($"No push subscription with id \"{id}\" for this device.");
            }

            var modeName = mode.Name();
            Log.Unsubscribed(logger, modeName);
            return TypedResults.NoContent();
        });
        return endpoints;
    }

    private static async Task<IResult> SubscribeAsync(
        HttpContext context, PushSubscriptionStore store, VapidKeyStore keys, AppServerOptions server, IOptions<PushOptions> options, ILogger<PushSubscriptionStore> logger)
    {
        var (request, problem) = await RequestBody.ReadJsonAsync(context.Request, PushJsonContext.Default.SubscriptionRequest, MaxBodyBytes, Shape);
        if (problem is not null)
        {
            return problem;
        }

        var (subscription, error) = SubscriptionValidator.Validate(request!, server.TimeProvider.GetUtcNow());
        if (subscription is null)
        {
            return ApiProblems.BadRequest(error!);
        }

        var mode = context.GetRequestMode();
        var origin = $"{context.Request.Scheme}://{context.Request.Host}";
        var result = await store.UpsertAsync(subscription, mode, origin, keys.Keys.PublicKey, context.RequestAborted);
        switch (result.Outcome)
        {
            case SubscriptionUpsertOutcome.Full:
                return ApiProblems.Conflict(
                    $"{options.Value.MaxSubscriptions} push subscriptions are stored already; remove one (DELETE /push/subscription/{{id}}) first.");
            case SubscriptionUpsertOutcome.Updated:
                return TypedResults.Ok(new SubscriptionCreatedResponse(result.Id!));
            default:
                var modeName = mode.Name();
                var service = PushOrigin.Of(subscription.Endpoint);
                Log.Subscribed(logger, modeName, service);
                return TypedResults.Created($"/push/subscription/{result.Id}", new SubscriptionCreatedResponse(result.Id!));
        }
    }
}
