using ExaHealth.Status;

namespace ExaHealth.Tests.Status;

/// <summary>What a status build keeps from one write to the next.</summary>
[TestClass]
internal sealed class StatusScratchTests
{
    [TestMethod]
    public void Reason_SameTextBuiltTwice_OneInstanceKept()
    {
        var scratch = new StatusScratch();
        string first = scratch.Reason(string.Concat("5/5 backends online", " (all-offline)"));

        string second = scratch.Reason(string.Concat("5/5 backends online", " (all-offline)"));

        Assert.AreSame(first, second);
    }

    [TestMethod]
    public void Reason_MoreDistinctTextsThanItKeeps_EachComesBackEqual()
    {
        var scratch = new StatusScratch();

        for (int i = 0; i < 20_000; i++)
        {
            string text = $"{i}/20000 backends online (all-offline)";
            Assert.AreEqual(text, scratch.Reason(text));
        }

        string again = scratch.Reason("19999/20000 backends online (all-offline)");
        Assert.AreEqual("19999/20000 backends online (all-offline)", again);
    }
}
