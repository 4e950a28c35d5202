using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeskMirror.Server.Devices;

/// <summary>Why a device's sign-in ended; written <c>"revoked"</c>, <c>"signedOut"</c>, <c>"credentialsChanged"</c>.</summary>
[JsonConverter(typeof(DeviceRemovalReasonJsonConverter))]
public enum DeviceRemovalReason
{
    /// <summary>The desktop sent it away (<c>DELETE /device/{id}</c>, or Revoke in the status popover).</summary>
    Revoked,

    /// <summary>The device signed out itself.</summary>
    SignedOut,

    /// <summary>The username or password changed, which ends every sign-in.</summary>
    CredentialsChanged,
}

/// <summary>Reads and writes <see cref="DeviceRemovalReason"/> in camelCase; numbers are refused.</summary>
public sealed class DeviceRemovalReasonJsonConverter()
    : JsonStringEnumConverter<DeviceRemovalReason>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);
