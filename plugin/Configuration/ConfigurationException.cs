using ExaHealth.Text;

namespace ExaHealth.Configuration;

/// <summary>
/// An invalid configuration value. <see cref="Exception.Message"/> is the one line an operator
/// sees: the key as SPEC spells it, the offending value and what was expected.
/// </summary>
internal sealed class ConfigurationException : Exception
{
    public ConfigurationException(string key, string? value, string expected)
        : base(value is null
            ? $"invalid configuration: {key} is missing: {expected}"
            : $"invalid configuration: {key} = \"{Printable.Of(value, 120)}\": {expected}")
    {
        Key = key;
    }

    public ConfigurationException(string message)
        : base(message)
    {
        Key = string.Empty;
    }

    public ConfigurationException()
        : this("invalid configuration")
    {
    }

    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Key = string.Empty;
    }

    public string Key { get; }
}
