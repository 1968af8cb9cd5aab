using System.Buffers;

namespace ExaHealth.Ovsdb;

/// <summary>
/// Probes a silent server as ovsdb's own clients do: after <see cref="OvsdbClientOptions.ProbeInterval"/>
/// without a message, an echo request; without any answer for another interval, the connection is
/// given up. Liveness is whatever the read loop reports through <see cref="Received"/>.
/// </summary>
internal sealed class EchoProbe
{
    private readonly SessionWriter _writer;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private long _lastReceived;
    private long _sentAt;
    private long _nextId = 1000;

    public EchoProbe(SessionWriter writer, TimeSpan interval, TimeProvider time)
    {
        _writer = writer;
        _interval = interval;
        _time = time;
    }

    /// <summary>JSON arrived from the server (a message, or the start of one).</summary>
    public void Received() => Volatile.Write(ref _lastReceived, _time.GetTimestamp());

    /// <summary>A response that can only be the answer to our probe.</summary>
    public void Answered() => Interlocked.Exchange(ref _sentAt, 0);

    /// <summary>Runs until the server stays silent (<see cref="TimeoutException"/>) or cancellation; never ends when probing is off.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => _interval > TimeSpan.Zero
        ? ProbeAsync(cancellationToken)
        : Task.Delay(Timeout.Infinite, cancellationToken);

    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        TimeSpan tick = _interval / 4;
        while (true)
        {
            await Task.Delay(tick, _time, cancellationToken).ConfigureAwait(false);
            long sentAt = Interlocked.Read(ref _sentAt);
            if (sentAt != 0)
            {
                if (_time.GetElapsedTime(sentAt) >= _interval && _time.GetElapsedTime(Volatile.Read(ref _lastReceived)) >= _interval)
                {
                    throw new TimeoutException(
                        $"no answer from the server for {_interval.TotalSeconds:0.#} s after an echo probe");
                }

                continue;
            }

            if (_time.GetElapsedTime(Volatile.Read(ref _lastReceived)) >= _interval)
            {
                var probe = new ArrayBufferWriter<byte>();
                OvsdbRequestWriter.WriteEcho(probe, _nextId++);
                Interlocked.Exchange(ref _sentAt, _time.GetTimestamp());
                await _writer.WriteAsync(probe.WrittenMemory, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
