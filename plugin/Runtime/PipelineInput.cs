using System.Net;
using ExaHealth.Ovsdb;

namespace ExaHealth.Runtime;

/// <summary>Everything that can make the pipeline decide, funnelled into one ordered queue.</summary>
internal abstract record PipelineInput
{
    /// <summary>A Southbound event: connection change, snapshot or update.</summary>
    public sealed record Database(OvsdbEvent Event) : PipelineInput;

    /// <summary>ExaBGP reported a BGP session up.</summary>
    public sealed record NeighborUp(IPAddress Peer) : PipelineInput;

    /// <summary>The debounce timer fired.</summary>
    public sealed record Tick : PipelineInput;

    /// <summary>Stop was requested (SIGTERM/SIGINT); withdraw first when configured.</summary>
    public sealed record Stop(string Reason) : PipelineInput;
}
