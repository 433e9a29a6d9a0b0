using System.Runtime.Versioning;

// The embedded cluster drives Debian's PostgreSQL binaries and Unix file modes.
[assembly: UnsupportedOSPlatform("windows")]
