using System.Text.Json.Nodes;

namespace DeskMirror.Server.Events;

/// <summary>The <c>data:</c> line of every SSE event: <c>{"type": "…", "properties": {…}}</c>.</summary>
public sealed record EventEnvelope(string Type, JsonObject Properties);
