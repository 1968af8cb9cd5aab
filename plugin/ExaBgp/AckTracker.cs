using ExaHealth.Routes;
using Microsoft.Extensions.Logging;

namespace ExaHealth.ExaBgp;

/// <summary>
/// Pairs ExaBGP's acks with the commands they answer (SPEC section 4). ExaBGP answers every line it
/// reads, strictly in order, so an answer is always for the oldest command not yet answered, even
/// one the writer stopped waiting for: a late answer after a timeout is that command's, never taken
/// for the next one's. A command is registered before it is written, since the answer can arrive
/// before the write call returns. An <c>error</c> hands the command's changes to its callback.
/// </summary>
internal sealed class AckTracker
{
    // Only reached when nothing answers at all (exabgp.api.ack off while exabgp.ack is true).
    private const int MaxUnanswered = 4096;

    private readonly Queue<SentCommand> _unanswered = new();
    private readonly Lock _lock = new();
    private readonly ILogger _logger;
    private int _timedOut;
    private long _errors;

    public AckTracker(ILogger logger) => _logger = logger;

    /// <summary>Commands ExaBGP answered with error, since the start.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Commands written whose answer is still awaited; the writer keeps this at one at most.</summary>
    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _unanswered.Count - _timedOut;
            }
        }
    }

    /// <summary>Commands the writer stopped waiting for whose answer has not come yet.</summary>
    public int Owed
    {
        get
        {
            lock (_lock)
            {
                return _timedOut;
            }
        }
    }

    /// <summary>Registers a command about to be written; <paramref name="onRefused"/> gets its changes on <c>error</c>.</summary>
    public SentCommand Sent(RouteCommand command, Action<IReadOnlyList<RouteChange>>? onRefused = null)
    {
        var sent = new SentCommand(command, onRefused);
        lock (_lock)
        {
            if (_unanswered.Count >= MaxUnanswered)
            {
                Remove(_unanswered.Dequeue());
            }

            _unanswered.Enqueue(sent);
        }

        return sent;
    }

    /// <summary>Called by the stdin loop for each <c>done</c> / <c>error</c>: the answer of the oldest unanswered command.</summary>
    public void Answer(bool ok)
    {
        SentCommand? sent;
        bool late;
        lock (_lock)
        {
            if (_unanswered.TryDequeue(out sent))
            {
                late = sent.TimedOut;
                Remove(sent);
            }
            else
            {
                late = false;
            }
        }

        if (sent is null)
        {
            if (!ok)
            {
                // Nothing of ours was refused; a flood of these must not become a flood of errors.
                ExaBgpLog.StrayError(_logger);
            }

            return;
        }

        if (late)
        {
            ExaBgpLog.LateAnswer(_logger, ok ? "done" : "error", sent.Command.Line);
        }

        if (!ok)
        {
            sent.Refused = true;
            Interlocked.Increment(ref _errors);
            ExaBgpLog.CommandRefused(_logger, sent.Command.Line);
            sent.OnRefused?.Invoke(sent.Command.Changes);
        }

        sent.Answered.TrySetResult();
    }

    /// <summary>
    /// Waits for the answer to <paramref name="sent"/>; false on timeout, after which the command is
    /// still owed its answer (the next one to come, if no older command is owed one).
    /// </summary>
    public async Task<bool> WaitAnsweredAsync(SentCommand sent, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await sent.Answered.Task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            lock (_lock)
            {
                if (sent.IsAnswered)
                {
                    return true;
                }

                sent.TimedOut = true;
                _timedOut++;
                return false;
            }
        }
    }

    /// <summary>Under the lock: <paramref name="sent"/> has left the queue.</summary>
    private void Remove(SentCommand sent)
    {
        sent.IsAnswered = true;
        if (sent.TimedOut)
        {
            _timedOut--;
        }
    }
}
