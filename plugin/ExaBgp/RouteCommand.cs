using ExaHealth.Routes;

namespace ExaHealth.ExaBgp;

/// <summary>One command line and the route changes it carries (a grouped line carries up to 48).</summary>
internal sealed record RouteCommand(string Line, RouteChange[] Changes);
