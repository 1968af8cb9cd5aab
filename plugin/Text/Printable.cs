namespace ExaHealth.Text;

/// <summary>
/// Makes untrusted text (database content, stdin lines) safe to put into a log line: bounded,
/// control characters replaced, so one event stays one line and cannot forge another.
/// Never used to build an ExaBGP command.
/// </summary>
internal static class Printable
{
    public static string Of(string? text, int max = 80)
    {
        if (text is null)
        {
            return "(null)";
        }

        int length = Math.Min(text.Length, max);
        var result = string.Create(length, text, static (span, source) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
        return text.Length > max ? result + "..." : result;
    }
}
