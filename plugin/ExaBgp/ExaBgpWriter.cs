using System.Buffers;
using System.Text;
using System.Threading.Channels;
using ExaHealth.Routes;
using Microsoft.Extensions.Logging;

namespace ExaHealth.ExaBgp;

/// <summary>
/// The only writer of stdout. Takes route changes in order and writes them paced as SPEC section 4
/// says: with acks, one line in flight, the next written when ExaBGP answers (or after the
/// timeout); without, each batch in one write. Every write is flushed at once. What is decided
/// while lines are in flight waits in the <see cref="RouteOutbox"/> and goes out merged.
/// </summary>
internal sealed class ExaBgpWriter
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    private readonly RouteOutbox _outbox = new();
    private readonly Stream _output;
    private readonly AckTracker _acks;
    private volatile ExaBgpSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private int _writing;

    private readonly Action<IReadOnlyList<RouteChange>> _refused;

    /// <summary><paramref name="onRefused"/> gets the changes of each command ExaBGP answers <c>error</c>, on the answering thread.</summary>
    public ExaBgpWriter(Stream output, AckTracker acks, ExaBgpSettings settings, TimeProvider time, ILogger logger,
        Action<IReadOnlyList<RouteChange>>? onRefused = null)
    {
        _refused = changes =>
        {
            // Before the pipeline hears of it: the announce it decides again must not be taken as written;
            // a refusal the pipeline has already decided past is not news to it.
            var standing = _outbox.Forget(changes);
            if (standing.Count > 0)
            {
                onRefused?.Invoke(standing);
            }
        };
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

    /// <summary>Changes not yet completely written (0 when idle).</summary>
    public int Queued => _outbox.Count + Volatile.Read(ref _writing);

    /// <summary>Routes ExaBGP still holds from a previous incarnation, so that withdrawing them is written.</summary>
    public void Inherit(IEnumerable<Route> routes) => _outbox.Inherit(routes);

    public void Enqueue(IReadOnlyList<RouteChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        _outbox.Add(changes);
        _wake.Writer.TryWrite(true);
    }

    /// <summary>Writes until cancelled; an output failure (ExaBGP gone) ends it with an exception.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in _wake.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            while (true)
            {
                Volatile.Write(ref _writing, 1);
                try
                {
                    var changes = _outbox.Take();
                    if (changes.Count == 0)
                    {
                        break;
                    }

                    var commands = CommandFormatter.Commands(changes);
                    ExaBgpLog.BatchSent(_logger, commands.Count, changes.Count);
                    await WriteBatchAsync(commands, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    Volatile.Write(ref _writing, 0);
                }
            }
        }
    }

    /// <summary>
    /// One batch of lines, paced by the current settings: with acks, a line is written once the one
    /// before it is answered or its wait timed out, so one line at most is awaited at a time.
    /// </summary>
    internal async Task WriteBatchAsync(IReadOnlyList<RouteCommand> commands, CancellationToken cancellationToken)
    {
        var settings = _settings;
        if (!settings.Ack)
        {
            await WriteAsync([.. commands.Select(c => c.Line)], cancellationToken).ConfigureAwait(false);
            return;
        }

        HashSet<System.Net.IPNetwork>? refused = null;
        foreach (var formatted in commands)
        {
            // A replay re-sends a route ExaBGP was told earlier in this batch; refused there, there is nothing to replay.
            if ((refused is null ? formatted : CommandFormatter.WithoutReplaysOf(formatted, refused)) is not { } command)
            {
                continue;
            }

            var sent = _acks.Sent(command, _refused);
            WriteLine(command.Line);
            if (!await _acks.WaitAnsweredAsync(sent, settings.AckTimeout, _time, cancellationToken).ConfigureAwait(false))
            {
                ExaBgpLog.AckTimeout(_logger, settings.AckTimeout.TotalSeconds, command.Line);
            }

            if (sent.Refused)
            {
                (refused ??= []).UnionWith(command.Changes.Select(c => c.Route.Prefix));
            }
        }
    }

    /// <summary>
    /// One paced line, written synchronously on the thread that runs the writer, mostly the stdin
    /// thread that read the last answer (<see cref="SentCommand.Answered"/>): stdout's asynchronous
    /// write is a synchronous one handed to a pool thread, a hop per line on a busy host. It does
    /// not block: ExaBGP has read every line it answered, and lines written after timeouts stay
    /// far below the pipe's size unless ExaBGP stops reading for minutes.
    /// </summary>
    private void WriteLine(string line)
    {
        Format([line]);
        _output.Write(_buffer.WrittenSpan);
        _output.Flush();
    }

    /// <summary>A batch without acks: as much as ExaBGP reads, which may be more than the pipe holds.</summary>
    private async Task WriteAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        Format(lines);
        await _output.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Format(IReadOnlyList<string> lines)
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
    }
}
