using System.Buffers;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace ExaHealth.ExaBgp;

/// <summary>
/// The only writer of stdout. Takes batches of command lines in order and writes them paced as
/// SPEC section 4 says: with acks, one line in flight, the next written when ExaBGP answers (or
/// after the timeout); without, each batch in one write. Every write is flushed at once.
/// </summary>
internal sealed class ExaBgpWriter
{
    private readonly Channel<IReadOnlyList<string>> _batches =
        Channel.CreateUnbounded<IReadOnlyList<string>>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Stream _output;
    private readonly AckTracker _acks;
    private volatile ExaBgpSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private int _queued;

    public ExaBgpWriter(Stream output, AckTracker acks, ExaBgpSettings settings, TimeProvider time, ILogger logger)
    {
        _output = output;
        _acks = acks;
        _settings = settings;
        _time = time;
        _logger = logger;
    }

    /// <summary>Pacing settings; a new value (SIGHUP) applies from the next batch.</summary>
    public ExaBgpSettings Settings
    {
        get => _settings;
        set => _settings = value;
    }

    /// <summary>Batches not yet completely written.</summary>
    public int Queued => Volatile.Read(ref _queued);

    public void Enqueue(IReadOnlyList<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        Interlocked.Increment(ref _queued);
        _batches.Writer.TryWrite(lines);
    }

    /// <summary>Writes until cancelled; an output failure (ExaBGP gone) ends it with an exception.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await foreach (var batch in _batches.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var settings = _settings;
            try
            {
                if (settings.Ack)
                {
                    foreach (var line in batch)
                    {
                        _acks.Sent(line);
                        await WriteAsync([line], cancellationToken).ConfigureAwait(false);
                        if (!await _acks.WaitAllAnsweredAsync(settings.AckTimeout, _time, cancellationToken).ConfigureAwait(false))
                        {
                            foreach (var unanswered in _acks.ForgetUnanswered())
                            {
                                ExaBgpLog.AckTimeout(_logger, settings.AckTimeout.TotalSeconds, unanswered);
                            }
                        }
                    }
                }
                else
                {
                    await WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                Interlocked.Decrement(ref _queued);
            }
        }
    }

    private async Task WriteAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        _buffer.ResetWrittenCount();
        foreach (var line in lines)
        {
            // Lines are built from typed values only; this guards the one-command-per-line
            // framing against a future formatting bug rather than against input.
            if (line.Length == 0 || line.Any(c => c < ' ' || c > '~'))
            {
                throw new InvalidOperationException("refusing to write a command line with control or non-ASCII characters");
            }

            int length = Encoding.ASCII.GetBytes(line, _buffer.GetSpan(line.Length + 1));
            _buffer.Advance(length);
            _buffer.GetSpan(1)[0] = (byte)'\n';
            _buffer.Advance(1);
        }

        await _output.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
