using System.Text.RegularExpressions;
using ExaHealth.Configuration;

namespace ExaHealth.Tests.Documentation;

/// <summary>README's configuration reference cannot drift from the keys the code accepts.</summary>
[TestClass]
internal sealed partial class ReadmeTests
{
    [TestMethod]
    public void ConfigurationReference_ListsExactlyTheKnownKeys()
    {
        var documented = ReferenceKeys();

        CollectionAssert.AreEquivalent(KnownKeys.Documented.ToArray(), documented.ToArray(),
            $"README lacks: {string.Join(", ", KnownKeys.Documented.Except(documented))}; README has unknown: {string.Join(", ", documented.Except(KnownKeys.Documented))}");
    }

    internal static string Readme()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "README.md")))
        {
            dir = dir.Parent;
        }

        return File.ReadAllText(Path.Combine(dir?.FullName ?? throw new AssertFailedException("no README.md above the tests"), "README.md"));
    }

    private static List<string> ReferenceKeys() =>
        [.. Section(Readme(), "## Configuration reference").Split('\n')
            .Select(l => KeyRow().Match(l))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)];

    private static string Section(string readme, string heading)
    {
        int start = readme.IndexOf(heading, StringComparison.Ordinal);
        Assert.IsGreaterThanOrEqualTo(0, start, $"README has no \"{heading}\"");
        int end = readme.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? readme[start..] : readme[start..end];
    }

    [GeneratedRegex(@"^\| `([a-zA-Z0-9.]+)` \|")]
    private static partial Regex KeyRow();
}
