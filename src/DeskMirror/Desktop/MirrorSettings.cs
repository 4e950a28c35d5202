using DeskMirror.Server.Tls;

namespace DeskMirror.Desktop;

/// <summary>What the settings in force ask of the mirror: on or off, where it listens, whether it speaks TLS and is advertised by mDNS.</summary>
internal sealed record MirrorSettings(bool Enabled, int Port, string BindAddress, MirrorTlsMode Tls = MirrorTlsMode.Auto, bool Mdns = false);
