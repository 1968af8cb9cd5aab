using System.Threading.Channels;
using ExaHealth.Configuration;
using ExaHealth.Northbound;
using ExaHealth.Ovsdb;
using ExaHealth.Southbound;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Runtime;

/// <summary>
/// The OVSDB clients of the running configuration, Southbound and, when configured, Northbound.
/// Restarted whole when a reload changes what is monitored; each start is a new generation, and
/// the loop ignores events of an earlier one.
/// </summary>
internal sealed class DatabaseClients(ChannelWriter<PipelineInput> inputs, TimeProvider time, ILogger logger, CancellationToken stop) : IDisposable
{
    private CancellationTokenSource? _running;
    private Task _task = Task.CompletedTask;

    /// <summary>The generation whose events count; touched by the loop only.</summary>
    public int Generation { get; private set; }

    /// <summary>The clients of every generation started so far, each after the one before it ended.</summary>
    public Task Running => _task;

    /// <summary>(Re)starts the Southbound monitor; events of an earlier client are ignored by generation.</summary>
    public void Start(Settings settings)
    {
        _running?.Cancel();
        _running?.Dispose();
        _running = CancellationTokenSource.CreateLinkedTokenSource(stop);
        int generation = ++Generation;
        var request = SouthboundSchema.RequestFor(settings.UsesOvnTiming, northbound: settings.Northbound is not null, staleChassis: settings.StaleChassis is not null);
        var southbound = new OvsdbClient(settings.Ovsdb with { StreamSnapshots = true }, request, e => inputs.TryWrite(new PipelineInput.Database(e, generation)), time, logger);
        var northbound = settings.Northbound is { } options
            ? new OvsdbClient(options, NorthboundSchema.Request, e => inputs.TryWrite(new PipelineInput.Database(e, generation, Northbound: true)), time, logger)
            : null;
        var previous = _task;
        var token = _running.Token;
        _task = Task.Run(async () =>
        {
            await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await Task.WhenAll(southbound.RunAsync(token), northbound?.RunAsync(token) ?? Task.CompletedTask).ConfigureAwait(false);
        });
    }

    public void Cancel() => _running?.Cancel();

    public void Dispose() => _running?.Dispose();
}
