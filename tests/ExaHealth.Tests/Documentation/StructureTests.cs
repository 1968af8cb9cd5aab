using System.Text.RegularExpressions;

namespace ExaHealth.Tests.Documentation;

/// <summary>
/// plugin/README.md lists the folders in data-flow order; a folder may use the folders before it,
/// never one after it, so that no import loop comes back.
/// </summary>
[TestClass]
internal sealed partial class StructureTests
{
    [TestMethod]
    public void EveryFolder_ImportsOnlyFoldersBeforeIt()
    {
        var plugin = PluginDirectory();
        var order = FolderOrder(File.ReadAllText(Path.Combine(plugin, "README.md")));
        var backward = new List<string>();
        foreach (var folder in Directory.GetDirectories(plugin).Select(Path.GetFileName).OfType<string>())
        {
            var files = Directory.GetFiles(Path.Combine(plugin, folder), "*.cs");
            if (files.Length == 0)
            {
                continue;
            }

            Assert.IsTrue(order.ContainsKey(folder), $"plugin/README.md does not list plugin/{folder}/");
            foreach (var file in files)
            {
                foreach (var used in Imports(File.ReadAllText(file), order.Keys))
                {
                    if (order[used] > order[folder])
                    {
                        backward.Add($"{folder}/{Path.GetFileName(file)} uses {used}/");
                    }
                }
            }
        }

        Assert.IsEmpty(backward, "folders used before their turn: " + string.Join("; ", backward));
    }

    private static Dictionary<string, int> FolderOrder(string readme) =>
        FolderRow().Matches(readme).Select((m, i) => (m.Groups[1].Value, i)).ToDictionary(p => p.Item1, p => p.Item2);

    private static HashSet<string> Imports(string source, IEnumerable<string> folders)
    {
        var code = Comment().Replace(source, "");
        var used = new HashSet<string>(Using().Matches(code).Select(m => m.Groups[1].Value));
        used.UnionWith(Qualified().Matches(code).Select(m => m.Groups[1].Value));
        used.IntersectWith(folders);
        return used;
    }

    private static string PluginDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "plugin", "README.md")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new AssertFailedException("no plugin/README.md above the tests"), "plugin");
    }

    [GeneratedRegex(@"^\| `(\w+)/` \|", RegexOptions.Multiline)]
    private static partial Regex FolderRow();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"^using ExaHealth\.(\w+);", RegexOptions.Multiline)]
    private static partial Regex Using();

    // ExaHealth.X.Type written out, or X.Type from inside the root namespace.
    [GeneratedRegex(@"(?<![\w.])(?:ExaHealth\.)?([A-Z]\w*)\.[A-Z]")]
    private static partial Regex Qualified();
}
