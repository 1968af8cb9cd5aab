using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Ovsdb;

/// <summary>
/// One connection's lifetime. First the _Server database tells whether this server is fit
/// (<see cref="ServerWatch"/>); then the monitor request (<see cref="MonitorSubscription"/>)
/// delivers a snapshot or the missed changes, and every update after it. Answers the server's
/// echo and probes a silent server (<see cref="EchoProbe"/>). Returns or throws when the
/// connection ends; reconnecting is the caller's business.
/// </summary>
internal sealed class OvsdbSession : IDisposable
{
    private const int ReadBlockBytes = 64 * 1024;

    private readonly Stream _stream;
    private readonly MonitorRequest _request;
    private readonly Action<OvsdbEvent> _publish;
    private readonly OvsdbClientOptions _options;
    private readonly ClusterMemory _memory;
    private readonly ILogger _logger;
    private readonly SessionWriter _writer;
    private readonly EchoProbe _probe;
    private readonly ServerWatch _server;
    private readonly MonitorSubscription _monitor;

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
        _request = request;
        _publish = publish;
        _options = options;
        _memory = memory;
        _logger = logger;
        _writer = new SessionWriter(stream);
        _probe = new EchoProbe(_writer, options.ProbeInterval, time);
        _server = new ServerWatch(remote, request.Database, options, memory, logger);
        _monitor = new MonitorSubscription(remote, request, publish, options, memory, time, logger);
    }

    /// <summary>True once the monitor reply has been received on this connection.</summary>
    public bool Synced => _monitor.Synced;

    public void Dispose() => _writer.Dispose();

    /// <summary>Runs until the connection fails (exception) or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _probe.Received();
        if (_memory.ServerDatabase)
        {
            _server.Queue(_writer.Pending);
        }
        else
        {
            _monitor.Queue(_writer.Pending);
        }

        await _writer.FlushAsync(session.Token).ConfigureAwait(false);
        Task probing = _probe.RunAsync(session.Token);
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
                        if (_monitor.Streamer is { } partial && !buffer.IsEmpty)
                        {
                            partial.Feed(buffer, final: false);
                        }

                        break;
                    }

                    progress = true;
                    if (_monitor.Streamer is { } streamer)
                    {
                        streamer.Feed(message, final: true);
                        if (streamer.Streamed)
                        {
                            _monitor.OnStreamed(streamer);
                            continue;
                        }

                        streamer.Reset();
                    }

                    // A private, contiguous copy: the table updates in it go to another thread
                    // without a second copy, and JSON in one span reads several times faster.
                    var copy = new ReadOnlySequence<byte>(message.ToArray());
                    if (!TryPublishUpdate(copy))
                    {
                        Handle(OvsdbMessageReader.Read(copy));
                    }
                }

                if (progress)
                {
                    _probe.Received();
                }

                pipe.AdvanceTo(buffer.Start, buffer.End);
                await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
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
                case ServerWatch.RequestId:
                    _server.OnReply(message);
                    _monitor.Queue(_writer.Pending);
                    break;
                case MonitorSubscription.RequestId:
                    _monitor.OnReply(message, _writer.Pending);
                    break;
                default:
                    // Any other response can only be the answer to our own probe.
                    _probe.Answered();
                    break;
            }

            return;
        }

        switch (message.Method)
        {
            case "echo":
                OvsdbRequestWriter.WriteEchoReply(_writer.Pending, message.RawId, message.Params);
                break;
            case "update":
                PublishUpdate(message.Params, update3: false, version1: true);
                break;
            case "update2":
                PublishUpdate(message.Params, update3: false, version1: false);
                break;
            case "update3":
                PublishUpdate(message.Params, update3: true, version1: false);
                break;
            default:
                OvsdbLog.IgnoredMethod(_logger, new Text.Untrusted(message.Method));
                break;
        }
    }

    private void PublishUpdate(ReadOnlySequence<byte> parameters, bool update3, bool version1)
    {
        var reader = new Utf8JsonReader(parameters, NotificationDecoder.ReaderOptions);
        try
        {
            ReadUpdate(parameters, ref reader, update3, version1)();
        }
        catch (JsonException ex)
        {
            throw new OvsdbProtocolException($"malformed update: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// An update notification as ovsdb-server writes it, <c>{"id":null,"method":"update…","params":[…]}</c>,
    /// read in one pass: the general reader skips the params (every token of megabytes) only for
    /// them to be read again, a delay of milliseconds before each large update is acted on. Anything
    /// else, and anything wrong, goes the general way (false), which says what is wrong as it always has;
    /// nothing is handed on before the message is read to its end.
    /// </summary>
    private bool TryPublishUpdate(ReadOnlySequence<byte> message)
    {
        var reader = new Utf8JsonReader(message, NotificationDecoder.ReaderOptions);
        Action publish;
        try
        {
            if (!NotificationDecoder.TryReadUpdateEnvelope(ref reader, out bool update3, out bool version1))
            {
                return false;
            }

            publish = ReadUpdate(message, ref reader, update3, version1);
            if (!NotificationDecoder.IsEnvelopeEnd(ref reader))
            {
                return false;
            }
        }
        catch (Exception ex) when (ex is JsonException or OvsdbProtocolException or InvalidOperationException)
        {
            return false;
        }

        publish();
        return true;
    }

    /// <summary>
    /// Reads update params from their first token (the reader's positions are offsets in
    /// <paramref name="source"/>), leaving the reader on the table updates' last token; returns how
    /// they are handed on, done once the message is known good.
    /// </summary>
    private Action ReadUpdate(ReadOnlySequence<byte> source, ref Utf8JsonReader reader, bool update3, bool version1)
    {
        bool server = NotificationDecoder.ReadMonitorId(ref reader);
        Guid? transaction = update3 ? NotificationDecoder.ReadTransaction(ref reader) : null;
        NotificationDecoder.MoveToUpdates(ref reader);
        if (server)
        {
            var tables = TableUpdatesData.Take(ServerWatch.Request, source, ref reader, version1: false).Decode();
            return () => _server.Apply(tables);
        }

        var updates = TableUpdatesData.Take(_request, source, ref reader, version1);
        return () =>
        {
            // Only once the updates are known good: a reconnect resumes from this id, and resuming
            // past refused changes would leave the replica without them.
            if (update3)
            {
                _memory.LastTransaction = transaction;
            }

            _publish(new OvsdbUpdate(updates));
        };
    }
}
