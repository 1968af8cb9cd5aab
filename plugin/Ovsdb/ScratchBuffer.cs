namespace ExaHealth.Ovsdb;

/// <summary>A growable byte buffer for unescaped strings, reused from row to row.</summary>
internal sealed class ScratchBuffer
{
    private byte[] _bytes = new byte[256];

    public Span<byte> Get(int length)
    {
        if (_bytes.Length < length)
        {
            _bytes = new byte[Math.Max(length, _bytes.Length * 2)];
        }

        return _bytes;
    }
}
