using ExaHealth.Lab;

[assembly: DoNotParallelize]

namespace ExaHealth.IntegrationTests;

[TestClass]
public static class AssemblySetup
{
    [AssemblyInitialize]
    public static void Initialize(TestContext context)
    {
        if (Tool.MissingPrerequisites() is { } missing)
        {
            Assert.Fail(missing);
        }

        // Resolve (and if needed publish) the native binary once, before any lab starts.
        context.WriteLine($"plugin binary: {PluginBinary.Path}");
    }
}
