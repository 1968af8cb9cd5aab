namespace ExaHealth.Fuzz;

internal static class Program
{
    public static void Main() => throw new NotImplementedException("fuzz target: being written");
}
