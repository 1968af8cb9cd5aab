using System.Buffers;

namespace ExaHealth.Tests.Support;

/// <summary>Bytes as a multi-segment sequence, the way a pipe hands over many small reads.</summary>
internal static class ChunkedSequence
{
    public static ReadOnlySequence<byte> Of(ReadOnlyMemory<byte> bytes, int segmentLength)
    {
        if (bytes.Length <= segmentLength)
        {
            return new ReadOnlySequence<byte>(bytes);
        }

        var first = new Segment(bytes[..segmentLength], 0);
        var last = first;
        for (int start = segmentLength; start < bytes.Length; start += segmentLength)
        {
            last = last.Append(bytes[start..Math.Min(start + segmentLength, bytes.Length)]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
