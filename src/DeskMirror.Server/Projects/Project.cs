namespace DeskMirror.Server.Projects;

/// <summary>A directory on the host that sessions run in.</summary>
public sealed record Project(string Id, string Name, string Path);
