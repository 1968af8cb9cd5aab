namespace ExaHealth.Text;

/// <summary>
/// Text from outside (database, stdin) passed to a log message: made printable only if the
/// message is actually written, so a disabled debug line costs nothing.
/// </summary>
internal readonly struct Untrusted(string? text)
{
    public override string ToString() => Printable.Of(text, 200);
}
