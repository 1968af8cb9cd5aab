using System.Buffers;

namespace ExaHealth.Fuzz;

/// <summary>
/// The payload as the linked buffer segments a pipe would hold, one per read, so that the framer
/// and the streamer meet multi-segment sequences (the session's own pipe only makes them past
/// 48 KiB, beyond what AFL explores).
/// </summary>
internal sealed class SegmentChain
{
    private readonly Segment[] _segments;

    public SegmentChain(ReadOnlyMemory<byte> payload, IReadOnlyList<int> reads)
    {
        _segments = new Segment[reads.Count];
        int offset = 0;
        for (int i = 0; i < reads.Count; i++)
        {
            _segments[i] = new Segment(payload.Slice(offset, reads[i]), offset);
            if (i > 0)
            {
                _segments[i - 1].Link(_segments[i]);
            }

            offset += reads[i];
        }
    }

    public int Count => _segments.Length;

    /// <summary>Bytes from <paramref name="start"/> to the end of read <paramref name="lastRead"/>.</summary>
    public ReadOnlySequence<byte> Received(long start, int lastRead)
    {
        var last = _segments[lastRead];
        long end = last.RunningIndex + last.Memory.Length;
        if (start == end)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        int first = lastRead;
        while (_segments[first].RunningIndex > start)
        {
            first--;
        }

        // An empty first segment would be legal but no pipe hands one out.
        while (start == _segments[first].RunningIndex + _segments[first].Memory.Length)
        {
            first++;
        }

        var head = _segments[first];
        return new ReadOnlySequence<byte>(head, (int)(start - head.RunningIndex), last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public void Link(Segment next) => Next = next;
    }
}
