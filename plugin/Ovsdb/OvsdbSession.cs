using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Ovsdb;

/// <summary>
/// One connection's lifetime: sends monitor_cond, publishes the snapshot and every update,
/// answers the server's echo and probes a silent server. Returns or throws when the connection
/// ends; reconnecting is the caller's business.
/// </summary>
internal sealed class OvsdbSession : IDisposable
{
    private const long MonitorRequestId = 1;
    private const string MonitorId = "exahealth";

    private readonly Stream _stream;
    private readonly OvsdbRemote _remote;
    private readonly MonitorRequest _request;
    private readonly TableUpdatesReader _updates;
    private readonly Action<OvsdbEvent> _publish;
    private readonly OvsdbClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _replies = new();
    private long _lastReceived;
    private long _probeSentAt;
    private long _nextProbeId = 1000;
    private long _monitorSentAt;
    private bool _synced;

    public OvsdbSession(
        Stream stream,
        OvsdbRemote remote,
        MonitorRequest request,
        Action<OvsdbEvent> publish,
        OvsdbClientOptions options,
        TimeProvider time,
        ILogger logger)
    {
        _stream = stream;
        _remote = remote;
        _request = request;
        _updates = new TableUpdatesReader(request);
        _publish = publish;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public void Dispose() => _writeLock.Dispose();

    /// <summary>True once the monitor reply has been received on this connection.</summary>
    public bool Synced => _synced;

    /// <summary>Runs until the connection fails (exception) or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _lastReceived = _time.GetTimestamp();
        _monitorSentAt = _lastReceived;
        var request = new ArrayBufferWriter<byte>();
        OvsdbRequestWriter.WriteMonitorCond(request, MonitorRequestId, _request, MonitorId);
        await WriteAsync(request.WrittenMemory, session.Token).ConfigureAwait(false);

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

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        var pipe = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        var framer = new JsonMessageFramer(_options.MaxMessageBytes);
        try
        {
            while (true)
            {
                ReadResult read = await pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = read.Buffer;
                if (!buffer.IsEmpty)
                {
                    Volatile.Write(ref _lastReceived, _time.GetTimestamp());
                }

                while (framer.TryReadMessage(ref buffer, out ReadOnlySequence<byte> message))
                {
                    Handle(OvsdbMessageReader.Read(message));
                }

                pipe.AdvanceTo(buffer.Start, buffer.End);
                if (_replies.WrittenCount > 0)
                {
                    await WriteAsync(_replies.WrittenMemory, cancellationToken).ConfigureAwait(false);
                    _replies.ResetWrittenCount();
                }

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
            HandleResponse(message);
            return;
        }

        switch (message.Method)
        {
            case "echo":
                OvsdbRequestWriter.WriteEchoReply(_replies, message.RawId, message.Params);
                break;
            case "update2":
                _publish(new OvsdbUpdate(ReadTableUpdates(message.Params, tableUpdatesIndex: 1)));
                break;
            case "update3":
                _publish(new OvsdbUpdate(ReadTableUpdates(message.Params, tableUpdatesIndex: 2)));
                break;
            default:
                OvsdbLog.IgnoredMethod(_logger, new Text.Untrusted(message.Method));
                break;
        }
    }

    private void HandleResponse(OvsdbMessage message)
    {
        if (message.NumericId == MonitorRequestId)
        {
            if (message.HasError)
            {
                throw new OvsdbProtocolException(
                    $"monitor_cond refused by the server: {OvsdbMessageReader.DescribeError(message.Error)}");
            }

            var reader = new Utf8JsonReader(message.Result, new JsonReaderOptions { MaxDepth = OvsdbLimits.MaxJsonDepth });
            reader.Read();
            var tables = _updates.Read(ref reader);
            _synced = true;
            _publish(new OvsdbSnapshot(_remote, tables, _time.GetElapsedTime(_monitorSentAt)));
            return;
        }

        // Any other response can only be the answer to our own probe.
        Interlocked.Exchange(ref _probeSentAt, 0);
    }

    private IReadOnlyList<TableUpdate> ReadTableUpdates(ReadOnlySequence<byte> parameters, int tableUpdatesIndex)
    {
        var reader = new Utf8JsonReader(parameters, new JsonReaderOptions { MaxDepth = OvsdbLimits.MaxJsonDepth });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                throw new OvsdbProtocolException("update params are not an array");
            }

            for (int i = 0; i < tableUpdatesIndex; i++)
            {
                reader.Read();
                reader.Skip();
            }

            if (!reader.Read())
            {
                throw new OvsdbProtocolException("update params too short");
            }

            return _updates.Read(ref reader);
        }
        catch (JsonException ex)
        {
            throw new OvsdbProtocolException($"malformed update: {ex.Message}", ex);
        }
    }

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
