using Microsoft.Extensions.Logging;

namespace ExaHealth.ExaBgp;

/// <summary>ExaBGP side events (ids 6000-6099).</summary>
internal static partial class ExaBgpLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Error, Message = "exabgp refused command: {Command}")]
    public static partial void CommandRefused(ILogger logger, string command);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "exabgp did not answer within {Seconds:0.#} s (is exabgp.api.ack off? then set exabgp.ack to false): {Command}")]
    public static partial void AckTimeout(ILogger logger, double seconds, string command);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "exabgp neighbor {Peer} up")]
    public static partial void NeighborUp(ILogger logger, System.Net.IPAddress peer);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "exabgp neighbor {Peer} down")]
    public static partial void NeighborDown(ILogger logger, System.Net.IPAddress peer);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "exabgp is shutting down")]
    public static partial void Shutdown(ILogger logger);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Warning, Message = "exabgp sent a line longer than {Limit} bytes; discarded")]
    public static partial void LineTooLong(ILogger logger, int limit);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Debug, Message = "exabgp sent: {Line}")]
    public static partial void OtherInput(ILogger logger, Text.Untrusted line);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Debug, Message = "sent {Lines} command lines ({Changes} route changes)")]
    public static partial void BatchSent(ILogger logger, int lines, int changes);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Debug, Message = "exabgp answered error with no command of ours in flight; ignored")]
    public static partial void StrayError(ILogger logger);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Information, Message = "exabgp answered {Answer} after the ack timeout: {Command}")]
    public static partial void LateAnswer(ILogger logger, string answer, string command);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Error, Message = "exabgp 6 or later is not supported: its API defaults to another command grammar; run exahealth under ExaBGP 4.2 or 5.x")]
    public static partial void UnsupportedVersion(ILogger logger);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Error, Message = "cannot write to exabgp: {Reason}; stopping")]
    public static partial void OutputFailed(ILogger logger, string reason);
}
