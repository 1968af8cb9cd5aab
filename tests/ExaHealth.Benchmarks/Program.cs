// Benchmarks on the real lab (root, Debian packages from tests/lab-deps.sh):
//   dotnet run --project tests/ExaHealth.Benchmarks -c Release -- core [--flips N]
//   dotnet run --project tests/ExaHealth.Benchmarks -c Release -- restart [--flips N]
//   dotnet run --project tests/ExaHealth.Benchmarks -c Release -- cluster [--flips N]
//   dotnet run --project tests/ExaHealth.Benchmarks -c Release -- scale [--vips 10000] [--backends 5] [--flips 500] [--quick] [--rounds 3]
//   dotnet run --project tests/ExaHealth.Benchmarks -c Release -- churn [--vips 10000] [--backends 5]   (the churn steps alone)
//   dotnet run --project tests/ExaHealth.Benchmarks -c Release -- exabgp [--rounds 5]   (the ExaBGP figures alone: plugin and floor alternated, ABBA)
//   dotnet run --project tests/ExaHealth.Benchmarks -c Release -- capture SOCKET REPLY | capture-update SOCKET UPDATE | decode REPLY [UPDATE]   (profiling aids)
//   dotnet run --project tests/ExaHealth.Benchmarks -c Release -- soak [--minutes 10] [--rate 1000] [--vips 10000] [--backends 5]   (or tests/soak.sh)
//   dotnet run --project tests/ExaHealth.Benchmarks -c Release -- two-sites [--flips 20]   (issue 14: FRR's reaction at two sites)
// The exabgp verb's diagnostics (issue 12, where the failure figure goes), each =1 unless a level:
//   EXAHEALTH_BENCH_LOG_LEVEL=Warning  EXAHEALTH_BENCH_METRICS=0  EXAHEALTH_BENCH_TEE=1 (plugin stdout copied to the lab folder)
//   EXAHEALTH_BENCH_CAPTURE=DIR (the snapshot reply and the failure's update notification, for the decode verb)
//   EXAHEALTH_BENCH_KEEP_LOG=FILE (the plugin's log, with the benchmark's marks at its end)
//   EXAHEALTH_BENCH_FLOOR_UNDER_LOAD=1 (floor right after the same 50,000-row transaction)
// Set EXAHEALTH_BINARY to the native binary to measure (default: artifacts/bin/exahealth).
using ExaHealth.Benchmarks;

string verb = args.Length > 0 ? args[0] : "core";
int flips = 25;
int vips = 10000;
int backends = 5;
bool quick = false;
double minutes = 10;
int rate = 1000;
int? rounds = null;
for (int i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--flips" when i + 1 < args.Length:
            flips = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--vips" when i + 1 < args.Length:
            vips = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--backends" when i + 1 < args.Length:
            backends = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--minutes" when i + 1 < args.Length:
            minutes = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--rate" when i + 1 < args.Length:
            rate = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--rounds" when i + 1 < args.Length:
            rounds = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--quick":
            quick = true;
            break;
    }
}

return verb switch
{
    "core" => CoreBenchmark.Run(flips),
    "restart" => RestartBenchmark.Run(Math.Min(flips, 20)),
    "cluster" => ClusterBenchmark.Run(Math.Min(flips, 20)),
    "decode" => DecodeBenchmark.Run(args[1], args.Length > 2 && !args[2].StartsWith("--", StringComparison.Ordinal) ? args[2] : null, args.Contains("--flips") ? flips : 5),
    "capture-update" => CaptureUpdate(args[1], args[2]),
    "census" => CensusBenchmark.Run(args[1]),
    "capture" => Capture(args[1], args[2]),
    "scale" => ScaleBenchmark.Run(vips, backends, args.Contains("--flips") ? flips : 500, quick, rounds ?? 3),
    "churn" => ScaleBenchmark.ChurnOnly(vips, backends),
    "exabgp" => ScaleBenchmark.ExaBgpOnly(vips, backends, rounds ?? 5),
    "soak" => SoakBenchmark.Run(minutes, rate, vips, backends),
    "two-sites" => TwoSiteBenchmark.Run(args.Contains("--flips") ? flips : 20),
    _ => Usage(),
};

static int Capture(string socket, string file)
{
    Console.WriteLine($"floor {ScaleBenchmark.Floor(socket, file).TotalMilliseconds:0} ms; reply saved to {file}");
    return 0;
}

static int CaptureUpdate(string socket, string file)
{
    using var watcher = new NotificationWatcher(socket);
    Console.WriteLine("watching; change the Southbound now");
    var at = watcher.Next(file);
    Console.WriteLine($"update notification complete at {at:HH:mm:ss.fff} (UTC), saved to {file}");
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: ExaHealth.Benchmarks core|restart|cluster|scale|churn|exabgp|soak|two-sites [--flips N] [--minutes M] [--rate R]");
    return 2;
}
