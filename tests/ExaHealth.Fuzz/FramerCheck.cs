using System.Buffers;
using System.Text.Json;
using ExaHealth.Ovsdb;

namespace ExaHealth.Fuzz;

/// <summary>
/// Frames the payload twice, as one read and as the planned reads in separate segments, feeding
/// every message (and every unfinished one, as the session does) to a <see cref="SnapshotStreamer"/>
/// and reading its envelope and table updates. The framer and the streamer promise that where the
/// reads end does not matter, so both runs must give the same messages, the same outcome per
/// message and the same streamed parts; a difference escapes as <see cref="FuzzInvariantException"/>.
/// </summary>
internal static class FramerCheck
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = OvsdbLimits.MaxJsonDepth };

    public static void Run(FuzzInput input, MonitorRequest request)
    {
        if (input.Payload.IsEmpty)
        {
            return;
        }

        var whole = Frame(input, [input.Payload.Length], request);
        var split = Frame(input, input.Reads, request);
        if (whole.Failed != split.Failed)
        {
            throw new FuzzInvariantException($"in one read the stream {Outcome(whole)}, in {input.Reads.Count} reads it {Outcome(split)}");
        }

        if (whole.Messages.Count != split.Messages.Count)
        {
            throw new FuzzInvariantException($"{whole.Messages.Count} messages in one read, {split.Messages.Count} in {input.Reads.Count} reads");
        }

        for (int i = 0; i < whole.Messages.Count; i++)
        {
            if (whole.Messages[i] != split.Messages[i])
            {
                throw new FuzzInvariantException($"message {i}: {whole.Messages[i]} in one read, {split.Messages[i]} in {input.Reads.Count} reads");
            }
        }

        if (!whole.Failed && !whole.Parts.Span.SequenceEqual(split.Parts.Span))
        {
            throw new FuzzInvariantException("the streamed snapshot parts depend on where the reads end");
        }
    }

    private static string Outcome(Framed framed) => framed.Failed ? "failed" : "framed";

    private static Framed Frame(FuzzInput input, IReadOnlyList<int> reads, MonitorRequest request)
    {
        var chain = new SegmentChain(input.Payload, reads);
        var framer = new JsonMessageFramer(input.Settings.MaxMessageBytes);
        var parts = new ArrayBufferWriter<byte>();
        bool version1 = input.Settings.Method == MonitorMethod.Plain;
        var streamer = new SnapshotStreamer(request, version1, part => parts.Write(part.Json.Span));
        var messages = new List<string>();
        long start = 0;
        try
        {
            for (int read = 0; read < chain.Count; read++)
            {
                var buffer = chain.Received(start, read);
                long end = start + buffer.Length;
                while (framer.TryReadMessage(ref buffer, out var message))
                {
                    streamer.Feed(message, final: true);
                    messages.Add($"{Convert.ToHexString(message.ToArray())} streamer {Describe(streamer)} envelope {Envelope(message, request, version1)}");
                    streamer.Reset();
                }

                if (!buffer.IsEmpty)
                {
                    streamer.Feed(buffer, final: false);
                }

                start = end - buffer.Length;
            }
        }
        catch (OvsdbProtocolException)
        {
            return new Framed(messages, parts.WrittenMemory, Failed: true);
        }

        return new Framed(messages, parts.WrittenMemory, Failed: false);
    }

    private static string Describe(SnapshotStreamer streamer) =>
        $"{streamer.Streamed} {streamer.Id} {streamer.HasError} {streamer.LastTransaction} {streamer.Rows}";

    /// <summary>The envelope and its table updates read straight from the (perhaps multi-segment) message.</summary>
    private static string Envelope(ReadOnlySequence<byte> message, MonitorRequest request, bool version1)
    {
        try
        {
            var envelope = OvsdbMessageReader.Read(message);
            string error = envelope.HasError ? OvsdbMessageReader.DescribeError(envelope.Error) : "-";
            return $"{envelope.Method} {envelope.NumericId} {error} {Updates(envelope, request, version1)}";
        }
        catch (OvsdbProtocolException ex)
        {
            return $"refused: {ex.Message}";
        }
    }

    /// <summary>The table updates where a monitor reply or an update notification carries them.</summary>
    private static string Updates(OvsdbMessage envelope, MonitorRequest request, bool version1)
    {
        var source = envelope.IsResponse ? envelope.Result : envelope.Params;
        if (source.IsEmpty)
        {
            return "-";
        }

        var reader = new Utf8JsonReader(source, ReaderOptions);
        reader.Read();
        if (!envelope.IsResponse)
        {
            // [monitor-id, table-updates]
            if (reader.TokenType != JsonTokenType.StartArray || !reader.Read() || reader.TokenType == JsonTokenType.EndArray)
            {
                return "-";
            }

            reader.Skip();
            if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
            {
                return "-";
            }
        }

        try
        {
            return TableUpdatesData.Take(request, source, ref reader, version1).Rows!.ToString();
        }
        catch (OvsdbProtocolException ex)
        {
            return $"refused: {ex.Message}";
        }
    }

    private sealed record Framed(List<string> Messages, ReadOnlyMemory<byte> Parts, bool Failed);
}
