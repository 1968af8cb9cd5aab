using ExaHealth.Southbound;

namespace ExaHealth.Fuzz;

/// <summary>
/// One execution: the framing check, then the bytes through a real session, then its events
/// into the Southbound replica. Returns normally for anything a server may send, however wrong;
/// any exception that escapes is a bug.
/// </summary>
internal static class FuzzTarget
{
    /// <returns>What the session did, for repro output; null for an input without a header.</returns>
    public static SessionResult? Run(ReadOnlyMemory<byte> data)
    {
        if (FuzzInput.Parse(data) is not { } input)
        {
            return null;
        }

        var request = SouthboundSchema.RequestFor(input.Settings.OvnTiming, input.Settings.Northbound, staleChassis: false);
        FramerCheck.Run(input, request);
        var session = SessionRun.Run(input, request);
        new ReplicaDriver(input.Settings).ApplyAll(session.Events);
        return session;
    }
}
