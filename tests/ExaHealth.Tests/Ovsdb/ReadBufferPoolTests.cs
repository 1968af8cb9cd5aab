using System.Buffers;
using System.Runtime.InteropServices;
using ExaHealth.Ovsdb;

namespace ExaHealth.Tests.Ovsdb;

/// <summary>The read blocks of a connection: a few kept for the steady state, the rest of a snapshot's left to the GC.</summary>
[TestClass]
internal sealed class ReadBufferPoolTests
{
    [TestMethod]
    public void Rent_AfterABurst_KeepsOnlyFourBlocks()
    {
        using var pool = new ReadBufferPool(1024);
        var first = Enumerable.Range(0, 6).Select(_ => pool.Rent(1024)).ToList();
        var arrays = first.Select(Array).ToList();
        first.ForEach(b => b.Dispose());

        var again = Enumerable.Range(0, 6).Select(_ => pool.Rent(1024)).ToList();

        Assert.AreEqual(4, again.Count(b => arrays.Contains(Array(b))));
        Assert.IsTrue(again.All(b => b.Memory.Length == 1024));
    }

    [TestMethod]
    public void Dispose_Twice_ReturnsTheBlockOnce()
    {
        using var pool = new ReadBufferPool(1024);
        var block = pool.Rent();
        var array = Array(block);
        block.Dispose();
        block.Dispose();

        var reused = pool.Rent();
        var fresh = pool.Rent();

        Assert.AreSame(array, Array(reused));
        Assert.AreNotSame(array, Array(fresh));
        Assert.ThrowsExactly<ObjectDisposedException>(() => block.Memory);
    }

    [TestMethod]
    public void Rent_LargerThanABlock_ServedButNotKept()
    {
        using var pool = new ReadBufferPool(1024);
        var large = pool.Rent(4096);
        var array = Array(large);
        large.Dispose();

        Assert.IsGreaterThanOrEqualTo(4096, array.Length);
        Assert.AreNotSame(array, Array(pool.Rent(1024)));
    }

    private static byte[] Array(IMemoryOwner<byte> block) =>
        MemoryMarshal.TryGetArray<byte>(block.Memory, out var segment) ? segment.Array! : throw new InvalidOperationException("not an array");
}
