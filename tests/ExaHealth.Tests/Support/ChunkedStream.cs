namespace ExaHealth.Tests.Support;

/// <summary>A read-only stream that returns its data in the given chunks, one per read, then EOF.</summary>
internal sealed class ChunkedStream(IEnumerable<byte[]> chunks) : Stream
{
    private readonly Queue<byte[]> _chunks = new(chunks);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (!_chunks.TryDequeue(out var chunk))
        {
            return 0;
        }

        int n = Math.Min(count, chunk.Length);
        Array.Copy(chunk, 0, buffer, offset, n);
        if (n < chunk.Length)
        {
            var rest = new Queue<byte[]>([chunk[n..], .. _chunks]);
            _chunks.Clear();
            foreach (var c in rest)
            {
                _chunks.Enqueue(c);
            }
        }

        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
