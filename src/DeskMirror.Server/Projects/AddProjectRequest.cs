namespace DeskMirror.Server.Projects;

/// <summary>Body of <c>POST /project</c>.</summary>
public sealed record AddProjectRequest(string? Path);
