using System.Text.Json;
using System.Text.Json.Serialization;
using DeskMirror.Server.Devices;
using DeskMirror.Server.Http;
using DeskMirror.Server.Projects;
using DeskMirror.Server.Sessions;
using DeskMirror.Server.Sidebar;

namespace DeskMirror.Server.Events.Internal;

/// <summary>
/// Source-generated JSON for every event's <c>"properties"</c> (camelCase, web defaults, nulls written). A new
/// payload record is added here; the catalogue test fails until it is.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(MirrorStateJsonConverter), typeof(RequestModeJsonConverter)])]
[JsonSerializable(typeof(ServerConnectedEvent))]
[JsonSerializable(typeof(ServerResyncEvent))]
[JsonSerializable(typeof(Project))]
[JsonSerializable(typeof(ProjectRemovedEvent))]
[JsonSerializable(typeof(ProjectChangesEvent))]
[JsonSerializable(typeof(SessionInfo))]
[JsonSerializable(typeof(SessionRemovedEvent))]
[JsonSerializable(typeof(SessionResizedEvent))]
[JsonSerializable(typeof(SessionAttentionEvent))]
[JsonSerializable(typeof(SidebarState))]
[JsonSerializable(typeof(MirrorStatusEvent))]
[JsonSerializable(typeof(DeviceInfo))]
[JsonSerializable(typeof(DeviceRemovedEvent))]
internal sealed partial class EventJsonContext : JsonSerializerContext;
