// The desktop core's tests run real POSIX processes, signals and /proc; they are not meant for Windows.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
