using Microsoft.Extensions.Logging;

namespace ExaHealth.Configuration;

/// <summary>The logging section, validated.</summary>
internal sealed record LoggingSettings(bool Json, LogLevel Level);
