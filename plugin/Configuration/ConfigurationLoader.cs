using Microsoft.Extensions.Configuration;

namespace ExaHealth.Configuration;

/// <summary>
/// Builds the configuration the way SPEC section 1 says: the JSON file, then
/// <c>EXAHEALTH__SECTION__KEY</c> environment variables, then <c>--section:key=value</c> arguments,
/// each overriding the one before; then refuses unknown keys and validates every value.
/// </summary>
internal static class ConfigurationLoader
{
    public const string EnvironmentPrefix = "EXAHEALTH__";

    /// <exception cref="ConfigurationException">The file is unreadable or not JSON, a key is unknown, or a value is invalid.</exception>
    public static Settings Load(string? file, IReadOnlyList<string> overrides)
    {
        var builder = new ConfigurationBuilder();
        if (file is not null)
        {
            var path = Path.GetFullPath(file);
            if (!File.Exists(path))
            {
                throw new ConfigurationException($"invalid configuration: file {path} does not exist");
            }

            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);
        foreach (var argument in overrides)
        {
            if (!argument.StartsWith("--", StringComparison.Ordinal) || !argument.Contains('=', StringComparison.Ordinal))
            {
                throw new ConfigurationException($"invalid argument \"{Text.Printable.Of(argument)}\": expected --section:key=value");
            }
        }

        builder.AddCommandLine([.. overrides]);
        IConfigurationRoot root;
        try
        {
            root = builder.Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"invalid configuration: cannot read {file}: {OneLine(ex)}", ex);
        }

        foreach (var (key, value) in root.AsEnumerable())
        {
            // Sections have no value; checking leaves names the misspelt key itself.
            if (value is not null && KnownKeys.FindUnknown(key) is { } unknown)
            {
                // The key is the file's own text: a control character in it must not break the one line.
                throw new ConfigurationException($"invalid configuration: unknown key {Text.Printable.Of(unknown, 120)}");
            }
        }

        var raw = new RawRoot();
        root.Bind(raw);
        return SettingsParser.Parse(raw);
    }

    private static string OneLine(Exception ex)
    {
        var message = ex.InnerException is { } inner ? $"{ex.Message} {inner.Message}" : ex.Message;
        return Text.Printable.Of(message.ReplaceLineEndings(" "), 300);
    }
}
