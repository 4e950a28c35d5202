using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeskMirror.Server.Auth;

/// <summary>How a browser signed in; written <c>"password"</c>, <c>"pairing"</c>, <c>"launch"</c>.</summary>
[JsonConverter(typeof(SignInViaJsonConverter))]
public enum SignInVia
{
    /// <summary>The sign-in form, with the username and password.</summary>
    Password,

    /// <summary>A one-time pairing link (the desktop's QR code), on the mirror.</summary>
    Pairing,

    /// <summary>A one-time launch link, on the desktop.</summary>
    Launch,
}

/// <summary>Reads and writes <see cref="SignInVia"/> in camelCase; numbers are refused.</summary>
public sealed class SignInViaJsonConverter()
    : JsonStringEnumConverter<SignInVia>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);
