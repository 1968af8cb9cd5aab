using System.Buffers;
using ExaHealth.Ovsdb;

namespace ExaHealth.Benchmarks;

/// <summary>A message saved by the capture verbs, framed as the plugin frames what a server sends.</summary>
internal static class CapturedMessage
{
    public static ReadOnlySequence<byte> Frame(byte[] bytes)
    {
        var framer = new JsonMessageFramer(1L << 32);
        var sequence = new ReadOnlySequence<byte>(bytes);
        return framer.TryReadMessage(ref sequence, out var message)
            ? message
            : throw new InvalidDataException("the file holds no complete JSON message");
    }
}
