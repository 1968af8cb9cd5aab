namespace ExaHealth.Southbound;

/// <summary>SB Service_Monitor.status; <see cref="Unset"/> is the empty value before the first probe result.</summary>
internal enum BackendStatus : byte
{
    Unset,
    Online,
    Offline,
    Error,
}
