namespace DeskMirror.Server.Hosting;

/// <summary>Body of <c>GET /health</c>.</summary>
public sealed record HealthResponse(bool Ok, string Version);
