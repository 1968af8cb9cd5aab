using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Ovsdb;

/// <summary>
/// Our database's row of the _Server database, monitored on the same connection before our own
/// monitor: a server that is not fit (<see cref="ServerCheck"/>), or stops being fit, is left for
/// another by throwing <see cref="OvsdbServerUnfitException"/>. Also keeps the cluster id and the
/// highest log index seen in <see cref="ClusterMemory"/>.
/// </summary>
internal sealed class ServerWatch
{
    public const long RequestId = 2;

    /// <summary>The monitor id of the _Server monitor; the server echoes it in each notification.</summary>
    public const string MonitorId = "exahealth-server";

    public static readonly MonitorRequest Request = new(OvsdbRequestWriter.ServerDatabase,
        [new MonitoredTable("Database", ["name", "model", "connected", "leader", "index", "cid"])]);

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = OvsdbLimits.MaxJsonDepth };

    private readonly OvsdbRemote _remote;
    private readonly string _database;
    private readonly OvsdbClientOptions _options;
    private readonly ClusterMemory _memory;
    private readonly ILogger _logger;
    private readonly Dictionary<string, OvsdbValue> _row = [];

    public ServerWatch(OvsdbRemote remote, string database, OvsdbClientOptions options, ClusterMemory memory, ILogger logger)
    {
        _remote = remote;
        _database = database;
        _options = options;
        _memory = memory;
        _logger = logger;
    }

    public void Queue(IBufferWriter<byte> outgoing) =>
        OvsdbRequestWriter.WriteServerMonitor(outgoing, RequestId, _database, MonitorId);

    /// <summary>The reply to <see cref="Queue"/>: the row as it is now, or an error from a server without _Server.</summary>
    public void OnReply(OvsdbMessage message)
    {
        if (message.HasError)
        {
            // No _Server database (a very old server): nothing to check, as ovsdb's own client does.
            _memory.ServerDatabase = false;
            string error = OvsdbMessageReader.DescribeError(message.Error);
            OvsdbLog.NoServerDatabase(_logger, _remote, error);
            return;
        }

        var reader = new Utf8JsonReader(message.Result, ReaderOptions);
        reader.Read();
        Apply(TableUpdatesData.Take(Request, message.Result, ref reader, version1: false).Decode());
    }

    /// <summary>Keeps our database's _Server row up to date and leaves a server that is no longer fit.</summary>
    public void Apply(IReadOnlyList<TableUpdate> tables)
    {
        foreach (var row in tables.SelectMany(t => t.Rows))
        {
            if (row.Kind == RowChangeKind.Delete)
            {
                _row.Clear();
                continue;
            }

            if (row.Kind != RowChangeKind.Modify)
            {
                _row.Clear();
            }

            foreach (var (column, value) in row.Columns)
            {
                _row[column] = value;
            }
        }

        var state = _row.Count == 0 ? null : new ServerDatabaseRow(
            Atom("model")?.AsString() ?? "standalone",
            Atom("connected")?.AsBoolean() ?? false,
            Atom("leader")?.AsBoolean() ?? false,
            Atom("index")?.AsInteger());
        if (state?.Model == "clustered" && Atom("cid")?.AsUuid() is { } cluster && _memory.ObserveCluster(cluster))
        {
            OvsdbLog.ClusterChanged(_logger, _remote, cluster);
        }

        if (ServerCheck.Judge(state, _database, _options.LeaderOnly, _memory.MaxIndex) is { } reason)
        {
            // Fit but for the index: stale, unless every remote has been (the cluster went back in time).
            bool stale = ServerCheck.Judge(state, _database, _options.LeaderOnly, 0) is null;
            if (!stale || !_memory.Stale(_remote, _options.Remotes.Count))
            {
                throw new OvsdbServerUnfitException(reason);
            }

            OvsdbLog.StaleEverywhere(_logger, _remote, state!.Index ?? 0);
        }

        _memory.Fit();

        if (state?.Index is { } index && index > _memory.MaxIndex)
        {
            _memory.MaxIndex = index;
        }

        OvsdbAtom? Atom(string column) => _row.TryGetValue(column, out var v) ? v.Single : null;
    }
}
