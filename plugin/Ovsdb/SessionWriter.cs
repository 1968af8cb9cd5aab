using System.Buffers;

namespace ExaHealth.Ovsdb;

/// <summary>
/// The sending side of one connection. The read loop queues its requests and echo replies in
/// <see cref="Pending"/> and flushes them once per read; the echo probe writes from its own task,
/// so every write to the stream takes a lock.
/// </summary>
internal sealed class SessionWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _pending = new();

    public SessionWriter(Stream stream) => _stream = stream;

    /// <summary>Bytes queued by the read loop; only the read loop touches it.</summary>
    public IBufferWriter<byte> Pending => _pending;

    public void Dispose() => _lock.Dispose();

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.WrittenCount == 0)
        {
            return;
        }

        await WriteAsync(_pending.WrittenMemory, cancellationToken).ConfigureAwait(false);
        _pending.ResetWrittenCount();
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }
}
