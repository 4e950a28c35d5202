using System.Text.Json.Nodes;

namespace DeskMirror.Server.Tests.Infrastructure;

/// <summary>One parsed SSE frame: an event (with optional id) or a comment (heartbeat).</summary>
public sealed record SseMessage(string? Id, string? Event, string? Data, string? Comment)
{
    public bool IsComment => Comment is not null;

    public long? NumericId => Id is null ? null : long.Parse(Id, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The <c>{type, properties}</c> envelope.</summary>
    public JsonObject Envelope => JsonNode.Parse(Data ?? "null")?.AsObject() ?? throw new InvalidOperationException("No data.");

    public JsonObject Properties => Envelope["properties"]!.AsObject();
}
