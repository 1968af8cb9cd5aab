namespace ExaHealth.Southbound;

/// <summary>
/// A backend's rows counted by logical port, when rows carry one (the Northbound is watched). Most
/// backends have one row, so the ports are a tiny array searched in order; null when there are none.
/// </summary>
internal static class BackendPorts
{
    /// <summary>A row of <paramref name="port"/> went from one status to another (counted in if the port was not there).</summary>
    public static (string Port, BackendRowCounts Counts)[]? Move((string Port, BackendRowCounts Counts)[]? ports, string port, BackendStatus from, BackendStatus to)
    {
        for (int i = 0; i < (ports?.Length ?? 0); i++)
        {
            if (ports![i].Port == port)
            {
                ports[i].Counts = ports[i].Counts.With(from, -1).With(to, +1);
                return ports;
            }
        }

        return Count(ports, port, to, +1);
    }

    /// <summary>Counts a row of <paramref name="port"/> in or out; a port left without rows is dropped.</summary>
    public static (string Port, BackendRowCounts Counts)[]? Count((string Port, BackendRowCounts Counts)[]? ports, string port, BackendStatus status, int delta)
    {
        ports ??= [];
        for (int i = 0; i < ports.Length; i++)
        {
            if (ports[i].Port == port)
            {
                var counts = ports[i].Counts.With(status, delta);
                if (counts.Rows > 0)
                {
                    ports[i].Counts = counts;
                    return ports;
                }

                return ports.Length == 1 ? null : [.. ports[..i], .. ports[(i + 1)..]];
            }
        }

        return delta > 0 ? [.. ports, (port, default(BackendRowCounts).With(status, delta))] : ports;
    }
}
