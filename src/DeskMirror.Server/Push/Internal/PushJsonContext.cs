using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeskMirror.Server.Push.Internal;

/// <summary>Source-generated JSON of the push API and payload (camelCase; null members written, so a payload always has all five).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SubscriptionRequest))]
[JsonSerializable(typeof(PushKeyResponse))]
[JsonSerializable(typeof(SubscriptionCreatedResponse))]
[JsonSerializable(typeof(PushPayload))]
internal sealed partial class PushJsonContext : JsonSerializerContext;
