using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using ExaHealth.Text;
using Microsoft.Extensions.Logging;

namespace ExaHealth.ExaBgp;

/// <summary>
/// Drains stdin on its own loop for as long as ExaBGP keeps it open: ExaBGP blocks when the pipe
/// is full, so nothing here may wait on anything else. Lines are split on '\n' with a length
/// limit; each parsed line is handed to <c>onInput</c>. Returns at EOF.
/// </summary>
internal sealed class ExaBgpReader
{
    public const int MaxLineBytes = 64 * 1024;

    private readonly Stream _input;
    private readonly Action<ExaBgpInput> _onInput;
    private readonly ILogger _logger;

    public ExaBgpReader(Stream input, Action<ExaBgpInput> onInput, ILogger logger)
    {
        _input = input;
        _onInput = onInput;
        _logger = logger;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var pipe = PipeReader.Create(_input, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
        bool discarding = false;
        try
        {
            while (true)
            {
                var read = await pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = read.Buffer;
                while (TryReadLine(ref buffer, out var line))
                {
                    if (discarding)
                    {
                        discarding = false;
                        continue;
                    }

                    Dispatch(line.IsSingleSegment ? line.FirstSpan : line.ToArray());
                }

                if (buffer.Length > MaxLineBytes)
                {
                    if (!discarding)
                    {
                        ExaBgpLog.LineTooLong(_logger, MaxLineBytes);
                    }

                    discarding = true;
                    buffer = buffer.Slice(buffer.End);
                }

                pipe.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                {
                    return;
                }
            }
        }
        finally
        {
            await pipe.CompleteAsync().ConfigureAwait(false);
        }
    }

    private void Dispatch(ReadOnlySpan<byte> line)
    {
        var input = ExaBgpInputParser.Parse(line);
        if (input.Kind == ExaBgpInputKind.Other)
        {
            ExaBgpLog.OtherInput(_logger, new Untrusted(Encoding.UTF8.GetString(line)));
        }

        _onInput(input);
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var newline = buffer.PositionOf((byte)'\n');
        if (newline is null)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(0, newline.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
        return true;
    }
}
