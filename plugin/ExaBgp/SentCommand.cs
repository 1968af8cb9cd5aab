using ExaHealth.Routes;

namespace ExaHealth.ExaBgp;

/// <summary>
/// A command written to ExaBGP and owed an answer. <see cref="AckTracker"/> changes its flags under
/// its lock; the writer awaits <see cref="Answered"/>.
/// </summary>
internal sealed class SentCommand(RouteCommand command, Action<IReadOnlyList<RouteChange>>? onRefused)
{
    public RouteCommand Command { get; } = command;

    /// <summary>Called with the command's changes when ExaBGP answers <c>error</c>, even late.</summary>
    public Action<IReadOnlyList<RouteChange>>? OnRefused { get; } = onRefused;

    /// <summary>The writer gave up waiting and went on; the answer, when it comes, is still this command's.</summary>
    public bool TimedOut { get; set; }

    public bool IsAnswered { get; set; }

    /// <summary>ExaBGP answered <c>error</c>.</summary>
    public bool Refused { get; set; }

    /// <summary>
    /// Completed by the stdin thread, which runs the waiting writer on: the next line goes out from the
    /// thread that read the answer, as from a feeder blocked on its stdin, with no second thread to wake
    /// on a host whose cores ExaBGP and the router keep busy. That write cannot block: ExaBGP has read
    /// every line up to the one it answered, so the pipe is empty.
    /// </summary>
    public TaskCompletionSource Answered { get; } = new();
}
