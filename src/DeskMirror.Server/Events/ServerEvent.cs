using System.Text.Json.Nodes;

namespace DeskMirror.Server.Events;

/// <summary>One published event: its sequence id, type and properties.</summary>
public sealed record ServerEvent(long Id, string Type, JsonObject Properties, bool DesktopOnly);
