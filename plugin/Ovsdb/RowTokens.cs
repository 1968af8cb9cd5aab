using System.Text.Json;

namespace ExaHealth.Ovsdb;

/// <summary>The token steps the column readers of <see cref="RowColumns"/> share: every read inside a row is checked for truncation the same way.</summary>
internal static class RowTokens
{
    public static JsonTokenType Next(scoped ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new OvsdbProtocolException("truncated row");
        }

        return reader.TokenType;
    }

    /// <summary>From inside an array that began at <paramref name="depth"/>, moves to its end.</summary>
    public static void SkipRestOfArray(scoped ref Utf8JsonReader reader, int depth)
    {
        while (reader.TokenType != JsonTokenType.EndArray || reader.CurrentDepth != depth)
        {
            reader.Skip();
            Next(ref reader);
        }
    }

    /// <summary>The string token's UTF-8 bytes, unescaped into <paramref name="buffer"/> when it has escapes.</summary>
    public static ReadOnlySpan<byte> Unescaped(scoped ref Utf8JsonReader reader, ScratchBuffer buffer)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return reader.ValueSpan;
        }

        int length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        var span = buffer.Get(length);
        int written = reader.CopyString(span);
        return span[..written];
    }

    /// <summary>A string atom as UTF-8 (true), or any other atom read past (false).</summary>
    public static bool StringOrSkip(scoped ref Utf8JsonReader reader, ScratchBuffer buffer, out ReadOnlySpan<byte> text)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            text = Unescaped(ref reader, buffer);
            return true;
        }

        OvsdbValueReader.ReadAtom(ref reader);
        text = default;
        return false;
    }
}
