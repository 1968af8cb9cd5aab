namespace ExaHealth.Fuzz;

/// <summary>
/// The server's end of the connection: each read returns the next planned piece of the payload
/// (less if the caller's buffer is smaller), then end of stream; what the session writes is dropped.
/// Every call completes synchronously, so a run stays on one thread and the same input takes the
/// same path, which AFL's stability figure depends on. The unit tests compile this file too
/// (SessionReplay), so that a crash found here replays there on the same stream.
/// </summary>
internal sealed class ServerStream(ReadOnlyMemory<byte> payload, IReadOnlyList<int> reads) : Stream
{
    private int _offset;
    private int _nextRead;
    private int _leftInRead;

    /// <summary>Every byte has been read: an IOException now is the connection closing, as every input ends.</summary>
    public bool AtEnd => _offset == payload.Length;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer)
    {
        if (AtEnd || buffer.IsEmpty)
        {
            return 0;
        }

        if (_leftInRead == 0)
        {
            _leftInRead = reads[_nextRead++];
        }

        int n = Math.Min(_leftInRead, buffer.Length);
        payload.Span.Slice(_offset, n).CopyTo(buffer);
        _offset += n;
        _leftInRead -= n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override void Write(byte[] buffer, int offset, int count)
    {
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.CompletedTask;

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
