namespace ExaHealth.Policy;

/// <summary>
/// onDatabaseLoss as a pure state machine: since when the Southbound has been away, when to say so
/// again, and when its grace has run out so that every route goes. Time comes in as an argument.
/// </summary>
internal sealed class DatabaseLossGuard
{
    private static readonly TimeSpan WarnEvery = TimeSpan.FromMinutes(1);

    private DateTimeOffset? _since;
    private DateTimeOffset _lastWarning;

    public bool IsLost => _since is not null;

    /// <summary>Every route withdrawn because the Southbound has been away longer than the grace.</summary>
    public bool Withdrawn { get; private set; }

    /// <summary>The Southbound went away (or never answered while routes are held); a loss already running goes on.</summary>
    public void Lost(DateTimeOffset now)
    {
        if (_since is null)
        {
            _since = now;
            _lastWarning = now;
        }
    }

    /// <summary>The Southbound is complete again: how long it was away, null when it was not.</summary>
    public TimeSpan? Back(DateTimeOffset now)
    {
        var away = now - _since;
        _since = null;
        Withdrawn = false;
        return away;
    }

    /// <summary>Once a second while lost: whether to warn again, and whether the withdraw is due now.</summary>
    public LossStep Step(DateTimeOffset now, DatabaseLossSettings loss)
    {
        if (_since is not { } since)
        {
            return default;
        }

        bool warn = now - _lastWarning >= WarnEvery;
        if (warn)
        {
            _lastWarning = now;
        }

        bool withdraw = loss.Withdraw && !Withdrawn && now - since >= loss.Grace;
        var step = new LossStep(now - since, warn, Withdrawn, withdraw);
        Withdrawn |= withdraw;
        return step;
    }
}
