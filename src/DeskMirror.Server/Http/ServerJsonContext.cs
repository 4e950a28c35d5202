using System.Text.Json;
using System.Text.Json.Serialization;
using DeskMirror.Server.Auth;
using DeskMirror.Server.Desktop;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Projects;
using DeskMirror.Server.Sidebar;

namespace DeskMirror.Server.Http;

/// <summary>
/// Source-generated JSON for the server's own API shapes (camelCase, web defaults). Registered first in the
/// minimal API resolver chain; other areas (sessions) may insert their own context next to it.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(MirrorStateJsonConverter)])]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(Project))]
[JsonSerializable(typeof(IReadOnlyList<Project>))]
[JsonSerializable(typeof(AddProjectRequest))]
[JsonSerializable(typeof(SidebarState))]
[JsonSerializable(typeof(SidebarUpdateRequest))]
[JsonSerializable(typeof(MirrorStatus))]
[JsonSerializable(typeof(PairingLinkResponse))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
