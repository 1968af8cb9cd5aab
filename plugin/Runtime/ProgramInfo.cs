using System.Reflection;

namespace ExaHealth.Runtime;

/// <summary>The version, from the assembly's informational version without the commit suffix.</summary>
internal static class ProgramInfo
{
    public static string Version { get; } =
        typeof(ProgramInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";
}
