using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Ovsdb;

/// <summary>
/// The monitor request of one connection and its reply: the best method the server understands
/// (monitor_cond_since resuming from the last transaction, else monitor_cond, else monitor, one
/// step down each time a server answers "unknown method"), then the snapshot or the missed
/// changes, published whole or, for a full snapshot, streamed in parts while it arrives.
/// </summary>
internal sealed class MonitorSubscription
{
    public const long RequestId = 1;
    private const string MonitorId = "exahealth";

    private readonly OvsdbRemote _remote;
    private readonly MonitorRequest _request;
    private readonly Action<OvsdbEvent> _publish;
    private readonly OvsdbClientOptions _options;
    private readonly ClusterMemory _memory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _sentAt;

    public MonitorSubscription(
        OvsdbRemote remote,
        MonitorRequest request,
        Action<OvsdbEvent> publish,
        OvsdbClientOptions options,
        ClusterMemory memory,
        TimeProvider time,
        ILogger logger)
    {
        _remote = remote;
        _request = request;
        _publish = publish;
        _options = options;
        _memory = memory;
        _time = time;
        _logger = logger;
    }

    /// <summary>True once the monitor reply has been received.</summary>
    public bool Synced { get; private set; }

    /// <summary>Reads every message while the reply is awaited, in case it is a full snapshot to stream; null otherwise.</summary>
    public SnapshotStreamer? Streamer { get; private set; }

    private bool Version1 => _memory.Method == MonitorMethod.Plain;

    public void Queue(IBufferWriter<byte> outgoing)
    {
        Streamer = _options.StreamSnapshots
            ? new SnapshotStreamer(_request, version1: Version1, part => _publish(new OvsdbSnapshotPart(part)))
            : null;
        OvsdbLog.Monitoring(_logger, _memory.Method, _remote, _memory.LastTransaction);
        _sentAt = _time.GetTimestamp();
        OvsdbRequestWriter.WriteMonitor(outgoing, RequestId, _memory.Method, _request, MonitorId, _memory.LastTransaction);
    }

    /// <summary>The reply, read whole: a refusal (perhaps a method to fall back from, queued again in <paramref name="outgoing"/>), the missed changes, or a snapshot that was not streamed.</summary>
    public void OnReply(OvsdbMessage message, IBufferWriter<byte> outgoing)
    {
        Streamer = null;
        if (message.HasError)
        {
            string error = OvsdbMessageReader.DescribeError(message.Error);
            if (_memory.Method != MonitorMethod.Plain && error.Contains("unknown method", StringComparison.Ordinal))
            {
                _memory.Method++;
                OvsdbLog.MonitorFallback(_logger, _remote, _memory.Method);
                Queue(outgoing);
                return;
            }

            throw new OvsdbProtocolException($"{Name(_memory.Method)} refused by the server: {error}");
        }

        var reader = new Utf8JsonReader(message.Result, NotificationDecoder.ReaderOptions);
        reader.Read();
        bool resumed = false;
        if (_memory.Method == MonitorMethod.CondSince)
        {
            resumed = NotificationDecoder.ReadSinceReply(ref reader, out Guid? lastTransaction);
            _memory.LastTransaction = lastTransaction;
        }

        var updates = TableUpdatesData.Take(_request, message.Result, ref reader, version1: Version1);
        Synced = true;
        _publish(new OvsdbSnapshot(_remote, updates, _time.GetElapsedTime(_sentAt), resumed));
    }

    /// <summary>The reply was a full snapshot and its rows have gone out in parts: check that it was the reply, and close the series.</summary>
    public void OnStreamed(SnapshotStreamer streamer)
    {
        Streamer = null;
        if (streamer.Id != RequestId || streamer.HasError)
        {
            throw new OvsdbProtocolException($"a message with id {streamer.Id?.ToString(CultureInfo.InvariantCulture) ?? "null"} carried table updates as its result");
        }

        if (_memory.Method == MonitorMethod.CondSince)
        {
            _memory.LastTransaction = streamer.LastTransaction;
        }

        Synced = true;
        var empty = new TableUpdatesData(_request, "{}"u8.ToArray(), version1: Version1);
        _publish(new OvsdbSnapshot(_remote, empty, _time.GetElapsedTime(_sentAt), Resumed: false, StreamedRows: streamer.Rows));
    }

    private static string Name(MonitorMethod method) => method switch
    {
        MonitorMethod.CondSince => "monitor_cond_since",
        MonitorMethod.Cond => "monitor_cond",
        _ => "monitor",
    };
}
