using ExaHealth.Lab;

[assembly: DoNotParallelize]

namespace ExaHealth.IntegrationTests;

[TestClass]
public static class AssemblySetup
{
    [AssemblyInitialize]
    public static void Initialize(TestContext context)
    {
        // The component set first: building its root may take minutes, and every result depends on it.
        var set = ComponentSet.Current;
        string versions = $"lab components ({set.Root ?? "host packages"}): {set.Versions}";
        context.WriteLine(versions);
        Console.Error.WriteLine(versions);
        if (Tool.MissingPrerequisites() is { } missing)
        {
            Assert.Fail(missing);
        }

        // Resolve (and if needed publish) the native binary once, before any lab starts.
        context.WriteLine($"plugin binary: {PluginBinary.Path}");
    }
}
