// Benchmarks on the real lab (root, Debian packages from tests/lab-deps.sh):
//   dotnet run --project tests/ExaHealth.Benchmarks -c Release -- core [--flips N]
//   dotnet run --project tests/ExaHealth.Benchmarks -c Release -- restart [--flips N]
//   dotnet run --project tests/ExaHealth.Benchmarks -c Release -- cluster [--flips N]
// Set EXAHEALTH_BINARY to the native binary to measure (default: artifacts/bin/exahealth).
using ExaHealth.Benchmarks;

string verb = args.Length > 0 ? args[0] : "core";
int flips = 25;
for (int i = 1; i < args.Length; i++)
{
    if (args[i] == "--flips" && i + 1 < args.Length)
    {
        flips = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
    }
}

return verb switch
{
    "core" => CoreBenchmark.Run(flips),
    "restart" => RestartBenchmark.Run(Math.Min(flips, 20)),
    "cluster" => ClusterBenchmark.Run(Math.Min(flips, 20)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ExaHealth.Benchmarks core|restart|cluster [--flips N]");
    return 2;
}
