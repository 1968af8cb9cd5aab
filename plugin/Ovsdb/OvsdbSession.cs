using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Ovsdb;

/// <summary>
/// One connection's lifetime. First the _Server database tells whether this server is fit (a
/// connected cluster member, the leader if asked, not stale); then the best monitor request the
/// server understands (monitor_cond_since resuming from the last transaction, else monitor_cond,
/// else monitor) delivers a snapshot or the missed changes, and every update after it. Answers the
/// server's echo and probes a silent server. Returns or throws when the connection ends;
/// reconnecting is the caller's business.
/// </summary>
internal sealed class OvsdbSession : IDisposable
{
    private const long MonitorRequestId = 1;
    private const long ServerRequestId = 2;
    private const string MonitorId = "exahealth";
    private const string ServerMonitorId = "exahealth-server";
    private const int ReadBlockBytes = 64 * 1024;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = OvsdbLimits.MaxJsonDepth };
    private static readonly MonitorRequest ServerRequest = new(OvsdbRequestWriter.ServerDatabase,
        [new MonitoredTable("Database", ["name", "model", "connected", "leader", "index", "cid"])]);

    private readonly Stream _stream;
    private readonly OvsdbRemote _remote;
    private readonly MonitorRequest _request;
    private readonly Action<OvsdbEvent> _publish;
    private readonly OvsdbClientOptions _options;
    private readonly ClusterMemory _memory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _outgoing = new();
    private readonly Dictionary<string, OvsdbValue> _serverRow = [];
    private long _lastReceived;
    private long _probeSentAt;
    private long _nextProbeId = 1000;
    private long _monitorSentAt;
    private bool _synced;
    private SnapshotStreamer? _streamer;

    public OvsdbSession(
        Stream stream,
        OvsdbRemote remote,
        MonitorRequest request,
        Action<OvsdbEvent> publish,
        OvsdbClientOptions options,
        ClusterMemory memory,
        TimeProvider time,
        ILogger logger)
    {
        _stream = stream;
        _remote = remote;
        _request = request;
        _publish = publish;
        _options = options;
        _memory = memory;
        _time = time;
        _logger = logger;
    }

    /// <summary>True once the monitor reply has been received on this connection.</summary>
    public bool Synced => _synced;

    public void Dispose() => _writeLock.Dispose();

    /// <summary>Runs until the connection fails (exception) or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _lastReceived = _time.GetTimestamp();
        if (_memory.ServerDatabase)
        {
            OvsdbRequestWriter.WriteServerMonitor(_outgoing, ServerRequestId, _request.Database, ServerMonitorId);
        }
        else
        {
            QueueMonitor();
        }

        await FlushOutgoingAsync(session.Token).ConfigureAwait(false);
        Task probing = _options.ProbeInterval > TimeSpan.Zero
            ? ProbeAsync(session.Token)
            : Task.Delay(Timeout.Infinite, session.Token);
        Task reading = ReadAsync(session.Token);
        Task first = await Task.WhenAny(reading, probing).ConfigureAwait(false);
        await session.CancelAsync().ConfigureAwait(false);
        try
        {
            await first.ConfigureAwait(false);
        }
        finally
        {
            await Task.WhenAll(reading, probing).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private void QueueMonitor()
    {
        _streamer = _options.StreamSnapshots
            ? new SnapshotStreamer(_request, version1: _memory.Method == MonitorMethod.Plain, part => _publish(new OvsdbSnapshotPart(part)))
            : null;
        OvsdbLog.Monitoring(_logger, _memory.Method, _remote, _memory.LastTransaction);
        _monitorSentAt = _time.GetTimestamp();
        OvsdbRequestWriter.WriteMonitor(_outgoing, MonitorRequestId, _memory.Method, _request, MonitorId, _memory.LastTransaction);
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        using var blocks = new ReadBufferPool(ReadBlockBytes);
        var pipe = PipeReader.Create(_stream, new StreamPipeReaderOptions(blocks, bufferSize: ReadBlockBytes, minimumReadSize: 16 * 1024, leaveOpen: true));
        var framer = new JsonMessageFramer(_options.MaxMessageBytes);
        try
        {
            while (true)
            {
                ReadResult read = await pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = read.Buffer;
                bool progress = false;
                while (true)
                {
                    if (!framer.TryReadMessage(ref buffer, out ReadOnlySequence<byte> message))
                    {
                        // buffer now holds the start of an unfinished message, perhaps the snapshot.
                        // Liveness is JSON, not bytes: a peer sending only whitespace between messages
                        // never starts one, and must be probed and left like a silent one.
                        progress |= !buffer.IsEmpty;
                        if (_streamer is { } partial && !buffer.IsEmpty)
                        {
                            partial.Feed(buffer, final: false);
                        }

                        break;
                    }

                    progress = true;
                    if (_streamer is { } streamer)
                    {
                        streamer.Feed(message, final: true);
                        if (streamer.Streamed)
                        {
                            FinishStreamedSnapshot(streamer);
                            continue;
                        }

                        streamer.Reset();
                    }

                    // A private, contiguous copy: the table updates in it go to another thread
                    // without a second copy, and JSON in one span reads several times faster.
                    Handle(OvsdbMessageReader.Read(new ReadOnlySequence<byte>(message.ToArray())));
                }

                if (progress)
                {
                    Volatile.Write(ref _lastReceived, _time.GetTimestamp());
                }

                pipe.AdvanceTo(buffer.Start, buffer.End);
                await FlushOutgoingAsync(cancellationToken).ConfigureAwait(false);
                if (read.IsCompleted)
                {
                    throw new IOException(buffer.IsEmpty
                        ? "connection closed by the server"
                        : "connection closed by the server in the middle of a message");
                }
            }
        }
        finally
        {
            await pipe.CompleteAsync().ConfigureAwait(false);
        }
    }

    private void Handle(OvsdbMessage message)
    {
        if (message.IsResponse)
        {
            switch (message.NumericId)
            {
                case ServerRequestId:
                    HandleServerReply(message);
                    break;
                case MonitorRequestId:
                    HandleMonitorReply(message);
                    break;
                default:
                    // Any other response can only be the answer to our own probe.
                    Interlocked.Exchange(ref _probeSentAt, 0);
                    break;
            }

            return;
        }

        switch (message.Method)
        {
            case "echo":
                OvsdbRequestWriter.WriteEchoReply(_outgoing, message.RawId, message.Params);
                break;
            case "update":
                PublishUpdate(message.Params, txnIndex: -1, version1: true);
                break;
            case "update2":
                PublishUpdate(message.Params, txnIndex: -1, version1: false);
                break;
            case "update3":
                PublishUpdate(message.Params, txnIndex: 1, version1: false);
                break;
            default:
                OvsdbLog.IgnoredMethod(_logger, new Text.Untrusted(message.Method));
                break;
        }
    }

    private void HandleServerReply(OvsdbMessage message)
    {
        if (message.HasError)
        {
            // No _Server database (a very old server): nothing to check, as ovsdb's own client does.
            _memory.ServerDatabase = false;
            string error = OvsdbMessageReader.DescribeError(message.Error);
            OvsdbLog.NoServerDatabase(_logger, _remote, error);
        }
        else
        {
            var reader = new Utf8JsonReader(message.Result, ReaderOptions);
            reader.Read();
            ApplyServerRows(TableUpdatesData.Take(ServerRequest, message.Result, ref reader, version1: false).Decode());
        }

        QueueMonitor();
    }

    /// <summary>The monitor reply was a full snapshot and its rows have gone out in parts: check that it was the reply, and close the series.</summary>
    private void FinishStreamedSnapshot(SnapshotStreamer streamer)
    {
        _streamer = null;
        if (streamer.Id != MonitorRequestId || streamer.HasError)
        {
            throw new OvsdbProtocolException($"a message with id {streamer.Id?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"} carried table updates as its result");
        }

        if (_memory.Method == MonitorMethod.CondSince)
        {
            _memory.LastTransaction = streamer.LastTransaction;
        }

        _synced = true;
        var empty = new TableUpdatesData(_request, "{}"u8.ToArray(), version1: _memory.Method == MonitorMethod.Plain);
        _publish(new OvsdbSnapshot(_remote, empty, _time.GetElapsedTime(_monitorSentAt), Resumed: false, StreamedRows: streamer.Rows));
    }

    private void HandleMonitorReply(OvsdbMessage message)
    {
        _streamer = null;
        if (message.HasError)
        {
            string error = OvsdbMessageReader.DescribeError(message.Error);
            if (_memory.Method != MonitorMethod.Plain && error.Contains("unknown method", StringComparison.Ordinal))
            {
                _memory.Method++;
                OvsdbLog.MonitorFallback(_logger, _remote, _memory.Method);
                QueueMonitor();
                return;
            }

            throw new OvsdbProtocolException($"{Name(_memory.Method)} refused by the server: {error}");
        }

        var reader = new Utf8JsonReader(message.Result, ReaderOptions);
        reader.Read();
        bool resumed = false;
        if (_memory.Method == MonitorMethod.CondSince)
        {
            // [found, last-txn-id, table-updates2]
            Expect(ref reader, JsonTokenType.StartArray);
            reader.Read();
            resumed = reader.TokenType == JsonTokenType.True;
            reader.Read();
            _memory.LastTransaction = ParseTransaction(ref reader);
            reader.Read();
        }

        var updates = TableUpdatesData.Take(_request, message.Result, ref reader, version1: _memory.Method == MonitorMethod.Plain);
        _synced = true;
        _publish(new OvsdbSnapshot(_remote, updates, _time.GetElapsedTime(_monitorSentAt), resumed));
    }

    private void PublishUpdate(ReadOnlySequence<byte> parameters, int txnIndex, bool version1)
    {
        var reader = new Utf8JsonReader(parameters, ReaderOptions);
        try
        {
            Expect(ref reader, JsonTokenType.StartArray, read: true);
            reader.Read();
            bool server = IsServerMonitor(ref reader);
            int updatesIndex = txnIndex < 0 ? 1 : 2;
            for (int i = 1; i < updatesIndex; i++)
            {
                reader.Read();
                if (i == txnIndex)
                {
                    _memory.LastTransaction = ParseTransaction(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }

            if (!reader.Read())
            {
                throw new OvsdbProtocolException("update params too short");
            }

            if (server)
            {
                ApplyServerRows(TableUpdatesData.Take(ServerRequest, parameters, ref reader, version1: false).Decode());
                return;
            }

            _publish(new OvsdbUpdate(TableUpdatesData.Take(_request, parameters, ref reader, version1)));
        }
        catch (JsonException ex)
        {
            throw new OvsdbProtocolException($"malformed update: {ex.Message}", ex);
        }
    }

    /// <summary>The monitor id we sent is ["exahealth"] or ["exahealth-server"]; the server echoes it as given.</summary>
    private static bool IsServerMonitor(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return false;
        }

        reader.Read();
        bool server = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(ServerMonitorId);
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            reader.Read();
        }

        return server;
    }

    /// <summary>Keeps our database's _Server row up to date and leaves a server that is no longer fit.</summary>
    private void ApplyServerRows(IReadOnlyList<TableUpdate> tables)
    {
        foreach (var row in tables.SelectMany(t => t.Rows))
        {
            if (row.Kind == RowChangeKind.Delete)
            {
                _serverRow.Clear();
                continue;
            }

            if (row.Kind != RowChangeKind.Modify)
            {
                _serverRow.Clear();
            }

            foreach (var (column, value) in row.Columns)
            {
                _serverRow[column] = value;
            }
        }

        var state = _serverRow.Count == 0 ? null : new ServerDatabaseRow(
            Atom("model")?.AsString() ?? "standalone",
            Atom("connected")?.AsBoolean() ?? false,
            Atom("leader")?.AsBoolean() ?? false,
            Atom("index")?.AsInteger());
        if (state?.Model == "clustered" && Atom("cid")?.AsUuid() is { } cluster && _memory.ObserveCluster(cluster))
        {
            OvsdbLog.ClusterChanged(_logger, _remote, cluster);
        }

        if (ServerCheck.Judge(state, _request.Database, _options.LeaderOnly, _memory.MaxIndex) is { } reason)
        {
            // Fit but for the index: stale, unless every remote has been (the cluster went back in time).
            bool stale = ServerCheck.Judge(state, _request.Database, _options.LeaderOnly, 0) is null;
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

        OvsdbAtom? Atom(string column) => _serverRow.TryGetValue(column, out var v) ? v.Single : null;
    }

    /// <exception cref="OvsdbProtocolException">The id is a string that does not decode (invalid UTF-8, an escaped lone surrogate).</exception>
    private static Guid? ParseTransaction(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return null;
        }

        string text;
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            // Not JSON text at all (found by fuzzing), unlike a string that is merely no uuid; the streamed reply refuses it too.
            throw new OvsdbProtocolException($"transaction id that does not decode: {ex.Message}", ex);
        }

        return Guid.TryParseExact(text, "D", out var id) && id != Guid.Empty ? id : null;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, bool read = false)
    {
        if (read && !reader.Read())
        {
            throw new OvsdbProtocolException("truncated message");
        }

        if (reader.TokenType != type)
        {
            throw new OvsdbProtocolException($"expected {type}, got {reader.TokenType}");
        }
    }

    private static string Name(MonitorMethod method) => method switch
    {
        MonitorMethod.CondSince => "monitor_cond_since",
        MonitorMethod.Cond => "monitor_cond",
        _ => "monitor",
    };

    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        TimeSpan interval = _options.ProbeInterval;
        TimeSpan tick = interval / 4;
        while (true)
        {
            await Task.Delay(tick, _time, cancellationToken).ConfigureAwait(false);
            long sentAt = Interlocked.Read(ref _probeSentAt);
            if (sentAt != 0)
            {
                if (_time.GetElapsedTime(sentAt) >= interval && _time.GetElapsedTime(Volatile.Read(ref _lastReceived)) >= interval)
                {
                    throw new TimeoutException(
                        $"no answer from the server for {interval.TotalSeconds:0.#} s after an echo probe");
                }

                continue;
            }

            if (_time.GetElapsedTime(Volatile.Read(ref _lastReceived)) >= interval)
            {
                var probe = new ArrayBufferWriter<byte>();
                OvsdbRequestWriter.WriteEcho(probe, _nextProbeId++);
                Interlocked.Exchange(ref _probeSentAt, _time.GetTimestamp());
                await WriteAsync(probe.WrittenMemory, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task FlushOutgoingAsync(CancellationToken cancellationToken)
    {
        if (_outgoing.WrittenCount == 0)
        {
            return;
        }

        await WriteAsync(_outgoing.WrittenMemory, cancellationToken).ConfigureAwait(false);
        _outgoing.ResetWrittenCount();
    }

    private async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
