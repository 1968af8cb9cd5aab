using System.Buffers;

namespace ExaHealth.Ovsdb;

/// <summary>
/// The blocks an OVSDB connection reads into. The shared array pool keeps up to 32 blocks per core
/// once a large snapshot has passed through the pipe (4 MiB at 64 KiB on two cores, for the life
/// of the process); this pool keeps a few for the steady state and lets the rest be collected.
/// </summary>
internal sealed class ReadBufferPool : MemoryPool<byte>
{
    private const int Kept = 4;

    private readonly Stack<byte[]> _free = new();
    private readonly Lock _lock = new();

    public ReadBufferPool(int blockSize) => MaxBufferSize = blockSize;

    public override int MaxBufferSize { get; }

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        if (minBufferSize > MaxBufferSize)
        {
            return new ReadBufferBlock(this, new byte[minBufferSize]);
        }

        lock (_lock)
        {
            if (_free.TryPop(out var array))
            {
                return new ReadBufferBlock(this, array);
            }
        }

        return new ReadBufferBlock(this, GC.AllocateUninitializedArray<byte>(MaxBufferSize));
    }

    protected override void Dispose(bool disposing)
    {
        lock (_lock)
        {
            _free.Clear();
        }
    }

    /// <summary>Called by a block when the pipe is done with it.</summary>
    public void Return(byte[] array)
    {
        if (array.Length != MaxBufferSize)
        {
            return;
        }

        lock (_lock)
        {
            if (_free.Count < Kept)
            {
                _free.Push(array);
            }
        }
    }
}
