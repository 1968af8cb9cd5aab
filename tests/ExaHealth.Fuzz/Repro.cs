namespace ExaHealth.Fuzz;

/// <summary>
/// Runs saved inputs (AFL's crashes/ and hangs/ files) outside AFL, with the uninstrumented build,
/// and groups what escaped by exception type and throwing frame: one full stack trace per group.
/// </summary>
internal static class Repro
{
    /// <returns>0 when every input passed, 1 when one escaped.</returns>
    public static int Run(IEnumerable<string> files)
    {
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            byte[] data = File.ReadAllBytes(file);
            try
            {
                var session = FuzzTarget.Run(data);
                Console.WriteLine($"{Path.GetFileName(file)}: passed; {session?.ToString() ?? "no header"}");
            }
            catch (Exception ex)
            {
                string signature = Signature(ex);
                if (!groups.TryGetValue(signature, out var members))
                {
                    groups.Add(signature, members = []);
                    Console.WriteLine($"{Path.GetFileName(file)}: ESCAPED ({FuzzInput.Parse(data)?.Settings})\n{ex}");
                }
                else
                {
                    Console.WriteLine($"{Path.GetFileName(file)}: ESCAPED {signature}");
                }

                members.Add(file);
            }
        }

        foreach (var (signature, members) in groups)
        {
            Console.WriteLine($"{members.Count} × {signature}");
        }

        return groups.Count == 0 ? 0 : 1;
    }

    /// <summary>The exception type and the first ExaHealth frame it passed through.</summary>
    private static string Signature(Exception ex)
    {
        string? frame = ex.StackTrace?
            .Split('\n')
            .Select(line => line.Trim())
            .FirstOrDefault(line => line.StartsWith("at ExaHealth.", StringComparison.Ordinal));
        int path = frame?.IndexOf(" in ", StringComparison.Ordinal) ?? -1;
        return $"{ex.GetType().Name} {(path < 0 ? frame : frame![..path])}";
    }
}
