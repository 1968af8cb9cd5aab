namespace ExaHealth.Ovsdb;

/// <summary>One block of a <see cref="ReadBufferPool"/>, given back to it once.</summary>
internal sealed class ReadBufferBlock(ReadBufferPool pool, byte[] array) : System.Buffers.IMemoryOwner<byte>
{
    private byte[]? _array = array;

    public Memory<byte> Memory => _array ?? throw new ObjectDisposedException(nameof(ReadBufferBlock));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _array, null) is { } returned)
        {
            pool.Return(returned);
        }
    }
}
