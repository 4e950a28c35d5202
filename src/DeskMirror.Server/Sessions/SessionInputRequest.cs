namespace DeskMirror.Server.Sessions;

/// <summary>Body of <c>POST /session/{id}/input</c>: text typed into the terminal as-is (use <c>\r</c> for Enter).</summary>
public sealed record SessionInputRequest(string? Data);
