namespace DeskMirror.Server.Sidebar;

/// <summary>Body of <c>PUT /mirror/sidebar</c>; nulls are validated by the endpoint, not the serializer.</summary>
public sealed record SidebarUpdateRequest(IReadOnlyList<SidebarProject?>? Projects, string? ActiveProjectId);
