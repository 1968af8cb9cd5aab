using System.Net;
using ExaHealth.Ovsdb;
using ExaHealth.Routes;

namespace ExaHealth.Runtime;

/// <summary>Everything that can make the pipeline decide, funnelled into one ordered queue.</summary>
internal abstract record PipelineInput
{
    /// <summary>A database event (connection change, snapshot or update), of the Southbound or the Northbound.</summary>
    public sealed record Database(OvsdbEvent Event, int Generation, bool Northbound = false) : PipelineInput;

    /// <summary>ExaBGP reported a BGP session up.</summary>
    public sealed record NeighborUp(IPAddress Peer) : PipelineInput;

    /// <summary>ExaBGP answered error to the command carrying these changes.</summary>
    public sealed record Refused(IReadOnlyList<RouteChange> Changes) : PipelineInput;

    /// <summary>The debounce timer fired.</summary>
    public sealed record Tick : PipelineInput;

    /// <summary>Once a second: maintenance file, state file compaction.</summary>
    public sealed record Housekeeping : PipelineInput;

    /// <summary>maintenance.disableFile appeared, changed or went away (a file-system notification): look at it now.</summary>
    public sealed record DisableFileChanged : PipelineInput;

    /// <summary>SIGHUP: reload the configuration.</summary>
    public sealed record Reload : PipelineInput;

    /// <summary>Stop was requested (SIGTERM/SIGINT); withdraw first when configured.</summary>
    public sealed record Stop(string Reason) : PipelineInput;
}
