using Microsoft.Extensions.Logging;

namespace ExaHealth.ExaBgp;

/// <summary>
/// Pairs ExaBGP's acks with the commands they answer: ExaBGP answers route commands in order, so
/// an ack is for the oldest unanswered command. A command is registered before it is written,
/// since the answer can arrive before the write call returns. When a wait times out the
/// unanswered commands are forgotten: ExaBGP drops some lines without an answer, and keeping them
/// would shift every later pairing and make every later command wait the full timeout.
/// </summary>
internal sealed class AckTracker
{
    private const int MaxInFlight = 4096;

    private readonly Queue<string> _inFlight = new();
    private readonly Lock _lock = new();
    private TaskCompletionSource _answered = NewSignal();
    private readonly ILogger _logger;

    public AckTracker(ILogger logger) => _logger = logger;

    private long _errors;

    /// <summary>Commands ExaBGP answered with error, since the start.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _inFlight.Count;
            }
        }
    }

    public void Sent(string command)
    {
        lock (_lock)
        {
            if (_inFlight.Count >= MaxInFlight)
            {
                _inFlight.Dequeue();
            }

            _inFlight.Enqueue(command);
        }
    }

    /// <summary>Called by the stdin loop for each <c>done</c> / <c>error</c>.</summary>
    public void Answer(bool ok)
    {
        string? command;
        TaskCompletionSource answered;
        lock (_lock)
        {
            _inFlight.TryDequeue(out command);
            answered = _answered;
            _answered = NewSignal();
        }

        if (!ok && command is null)
        {
            // Nothing of ours was refused; a flood of these must not become a flood of errors.
            ExaBgpLog.StrayError(_logger);
        }
        else if (!ok)
        {
            Interlocked.Increment(ref _errors);
            ExaBgpLog.CommandRefused(_logger, command!);
        }

        answered.TrySetResult();
    }

    /// <summary>Forgets commands whose answer did not come in time; returns them for the log.</summary>
    public string[] ForgetUnanswered()
    {
        lock (_lock)
        {
            var unanswered = _inFlight.ToArray();
            _inFlight.Clear();
            return unanswered;
        }
    }

    /// <summary>Waits until every command sent has been answered; false on timeout.</summary>
    public async Task<bool> WaitAllAnsweredAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        long start = time.GetTimestamp();
        while (true)
        {
            Task answered;
            lock (_lock)
            {
                if (_inFlight.Count == 0)
                {
                    return true;
                }

                answered = _answered.Task;
            }

            var left = timeout - time.GetElapsedTime(start);
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            try
            {
                await answered.WaitAsync(left, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return InFlight == 0;
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
