using SharpFuzz;

namespace ExaHealth.Fuzz;

/// <summary>
/// Without arguments: the AFL++ target (under afl-fuzz the SharpFuzz fork server runs it in a
/// loop; otherwise it runs stdin once). "repro FILE...": replays saved inputs and prints what
/// escaped. "seeds FIXTURES OUT": writes the starting corpus. See run-fuzz.sh and README.md.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        switch (args)
        {
            case []:
                Fuzzer.Run(stream => RunLogged(ReadAll(stream)));
                return 0;
            case ["repro", .. var files]:
                return Repro.Run(files);
            case ["seeds", var fixtures, var output]:
                SeedWriter.Write(fixtures, output);
                return 0;
            default:
                Console.Error.WriteLine("usage: ExaHealth.Fuzz [repro FILE... | seeds FIXTURES_DIR OUT_DIR]");
                return 2;
        }
    }

    /// <summary>
    /// With EXAHEALTH_FUZZ_LOG set, an escaping exception is appended to that file before AFL sees
    /// it: inside afl-fuzz the exception is otherwise lost, and the instrumented assembly cannot
    /// run outside it.
    /// </summary>
    private static void RunLogged(byte[] data)
    {
        try
        {
            _ = FuzzTarget.Run(data);
        }
        catch (Exception ex) when (Environment.GetEnvironmentVariable("EXAHEALTH_FUZZ_LOG") is { Length: > 0 } log)
        {
            File.AppendAllText(log, $"{Convert.ToBase64String(data)}\n{ex}\n\n");
            throw;
        }
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
