using System.Net;
using ExaHealth.Configuration;
using ExaHealth.ExaBgp;
using ExaHealth.Northbound;
using ExaHealth.Ovsdb;
using ExaHealth.Routes;
using ExaHealth.Status;
using ExaHealth.Southbound;
using ExaHealth.State;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Runtime;

/// <summary>
/// `exahealth snapshot`: one complete snapshot (and the Northbound's, when configured), decided as a
/// plugin starting now would decide it — including the state file's routes, so that the command
/// shown is the one a restart would send. Sends nothing to ExaBGP.
/// </summary>
internal static class SnapshotCommand
{
    public static async Task<SnapshotReport> TakeAsync(Settings settings, ILogger logger, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var southbound = await FirstSnapshotAsync(settings.Ovsdb, SouthboundSchema.RequestFor(settings.UsesOvnTiming, settings.Northbound is not null, settings.StaleChassis is not null), logger, deadline.Token).ConfigureAwait(false);
        OvsdbSnapshot? northbound = settings.Northbound is { } nb
            ? await FirstSnapshotAsync(nb, NorthboundSchema.Request, logger, deadline.Token).ConfigureAwait(false)
            : null;

        var now = TimeProvider.System.GetUtcNow();
        var pipeline = new Pipeline(settings, logger);
        if (settings.State.Directory is { } directory)
        {
            pipeline.Inherit(new AnnouncedStore(directory, TimeProvider.System, logger).Load());
        }

        var changes = new List<RouteChange>();
        if (northbound is not null)
        {
            changes.AddRange(pipeline.OnNorthbound(northbound, now));
        }

        changes.AddRange(pipeline.OnSnapshot(southbound, now));
        pipeline.LogDecisions();
        var commands = changes.ToDictionary(c => c.Route.Prefix, c => CommandFormatter.Format([c]).Single());
        var services = Services(pipeline.Replica);
        var status = StatusBuilder.Vips(pipeline.Replica, pipeline.Policy, pipeline.Routes, settings, pipeline.Drained);
        var rows = status.Select(v =>
        {
            var prefix = IPNetwork.Parse(v.Vip);
            return new SnapshotRow(v.Vip, services.GetValueOrDefault(prefix.BaseAddress) ?? [], v.Online, v.Total, v.Monitored, v.State, v.Reason,
                commands.GetValueOrDefault(prefix));
        }).ToList();
        return new SnapshotReport(southbound.Remote.ToString(), now, Math.Round(southbound.Duration.TotalMilliseconds, 1),
            pipeline.Replica.LoadBalancerCount, pipeline.Replica.ServiceMonitorCount, rows);
    }

    private static async Task<OvsdbSnapshot> FirstSnapshotAsync(OvsdbClientOptions options, MonitorRequest request, ILogger logger, CancellationToken cancellationToken)
    {
        var snapshot = new TaskCompletionSource<OvsdbSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        string? lastError = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var client = new OvsdbClient(options, request, e =>
        {
            if (e is OvsdbSnapshot s)
            {
                snapshot.TrySetResult(s);
            }
            else if (e is OvsdbDisconnected d)
            {
                lastError = $"{d.Remote}: {d.Reason}";
            }
        }, TimeProvider.System, logger);
        var running = client.RunAsync(stop.Token);
        try
        {
            return await snapshot.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new IOException($"no complete snapshot of {request.Database} in time{(lastError is null ? string.Empty : " (last error: " + lastError + ")")}");
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Per VIP address: "name protocol/port" of every selected vips entry naming it.</summary>
    private static Dictionary<IPAddress, List<string>> Services(SouthboundReplica replica)
    {
        var services = new Dictionary<IPAddress, List<string>>();
        foreach (var (name, protocol, entry) in replica.SelectedEntries())
        {
            var address = entry.Vip.Address.ToAddress();
            if (!services.TryGetValue(address, out var list))
            {
                list = [];
                services.Add(address, list);
            }

            list.Add(entry.Vip.Port == 0 ? $"{Text.Printable.Of(name, 40)}:any" : $"{Text.Printable.Of(name, 40)}:{protocol.ToString().ToLowerInvariant()}/{entry.Vip.Port}");
        }

        return services;
    }
}
