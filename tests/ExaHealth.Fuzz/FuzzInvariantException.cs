namespace ExaHealth.Fuzz;

/// <summary>Two ways of reading the same bytes disagreed: a bug even though nothing threw, so it escapes as a crash.</summary>
internal sealed class FuzzInvariantException : Exception
{
    public FuzzInvariantException(string message)
        : base(message)
    {
    }

    public FuzzInvariantException()
    {
    }

    public FuzzInvariantException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
