namespace ExaHealth.Runtime;

/// <summary>
/// <c>exahealth [VERB] [--config FILE] [--json] [--section:key=value ...]</c>; VERB defaults to run,
/// which is what ExaBGP starts.
/// </summary>
internal sealed record CommandLine(string Verb, string? ConfigFile, bool Json, IReadOnlyList<string> Overrides)
{
    public static readonly string[] Verbs = ["run", "check-config", "snapshot", "status", "help", "version"];

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        string verb = "run";
        string? config = null;
        bool json = false;
        var overrides = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (i == 0 && !arg.StartsWith('-'))
            {
                verb = Verbs.Contains(arg) ? arg : throw new ArgumentException($"unknown verb \"{Text.Printable.Of(arg)}\" (expected {string.Join(", ", Verbs)})");
            }
            else if (arg is "--config" or "-c")
            {
                config = i + 1 < args.Count ? args[++i] : throw new ArgumentException("--config needs a file name");
            }
            else if (arg.StartsWith("--config=", StringComparison.Ordinal))
            {
                config = arg["--config=".Length..];
            }
            else if (arg is "--help" or "-h")
            {
                verb = "help";
            }
            else if (arg == "--version")
            {
                verb = "version";
            }
            else if (arg == "--json")
            {
                json = true;
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=', StringComparison.Ordinal))
            {
                overrides.Add(arg);
            }
            else
            {
                throw new ArgumentException($"unexpected argument \"{Text.Printable.Of(arg)}\" (settings are given as --section:key=value)");
            }
        }

        return new CommandLine(verb, config, json, overrides);
    }
}
