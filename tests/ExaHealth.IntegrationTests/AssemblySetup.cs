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

    /// <summary>Every test's output names the component set it ran on, so a failure in a trx file says which set failed.</summary>
    [GlobalTestInitialize]
    public static void NameTheSet(TestContext context) => context.WriteLine($"lab components: {ComponentSet.Current.Versions}");
}
