using System.Runtime.InteropServices;
using ExaHealth.Configuration;
using System.Text.Json;
using ExaHealth.Runtime;
using ExaHealth.Status;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ExaHealth;

/// <summary>Composition root: arguments, configuration, stderr logging, signals, wiring.</summary>
internal static class Program
{
    private const int Ok = 0;
    private const int Failure = 1;
    private const int Invalid = 2;
    private const string DefaultConfig = "/etc/exahealth/exahealth.json";

    public static async Task<int> Main(string[] args)
    {
        // stdout belongs to ExaBGP commands; anything written through Console.Out by mistake goes to stderr.
        var stdout = Console.OpenStandardOutput();
        Console.SetOut(Console.Error);

        CommandLine command;
        try
        {
            command = CommandLine.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"exahealth: {ex.Message}").ConfigureAwait(false);
            return Invalid;
        }

        switch (command.Verb)
        {
            case "help":
                await WriteAsync(stdout, Usage).ConfigureAwait(false);
                return Ok;
            case "version":
                await WriteAsync(stdout, $"exahealth {Version}\n").ConfigureAwait(false);
                return Ok;
        }

        Settings settings;
        string? configFile = command.ConfigFile ?? FindDefaultConfig();
        try
        {
            settings = ConfigurationLoader.Load(configFile, command.Overrides);
        }
        catch (ConfigurationException ex)
        {
            await Console.Error.WriteLineAsync($"exahealth: {ex.Message}").ConfigureAwait(false);
            return Invalid;
        }

        switch (command.Verb)
        {
            case "check-config":
                await WriteAsync(stdout, "configuration is valid\n" + SettingsPrinter.Print(settings)).ConfigureAwait(false);
                return Ok;
            case "status":
                return await StatusAsync(settings, command.Json, stdout).ConfigureAwait(false);
            case "snapshot":
                return await SnapshotAsync(settings, command.Json, stdout).ConfigureAwait(false);
        }

        return await RunAsync(settings, stdout, () => ConfigurationLoader.Load(configFile, command.Overrides)).ConfigureAwait(false);
    }

    /// <summary>DIR/etc/exahealth/exahealth.json for a binary installed as DIR/bin/exahealth, else /etc/exahealth.</summary>
    private static string? FindDefaultConfig()
    {
        var besideBinary = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "etc", "exahealth", "exahealth.json"));
        return File.Exists(besideBinary) ? besideBinary : File.Exists(DefaultConfig) ? DefaultConfig : null;
    }

    private static string Version => ProgramInfo.Version;

    private static string Usage => $"""
        exahealth {Version}: withdraws the BGP route of an OVN load-balancer VIP whose backends are down.
        Runs as an ExaBGP process (process API); commands on stdout, logs on stderr.

        usage: exahealth [run] [--config FILE] [--section:key=value ...]
               exahealth check-config [--config FILE] [--section:key=value ...]
               exahealth snapshot [--json] [--config FILE]   one snapshot, decided; sends nothing
               exahealth status [--json] [--config FILE]     the running instance's status file
               exahealth --version | --help

        Configuration: the JSON file (default DIR/etc/exahealth/exahealth.json for DIR/bin/exahealth,
        else {DefaultConfig}), then EXAHEALTH__SECTION__KEY
        environment variables, then --section:key=value arguments.
        Exit codes: 0 success, 2 invalid configuration or arguments, 1 other failure.

        """;

    private static async Task<int> RunAsync(Settings settings, Stream stdout, Func<Settings> reload)
    {
        var level = new LogLevelSwitch(settings.Logging.Level);
        using var format = new LogFormatSwitch(settings.Logging.Json);
        using var loggers = LoggerFactory.Create(builder => ConsoleLogging.AddTo(builder, level, format));
        var logger = loggers.CreateLogger("exahealth");
        RuntimeLog.Started(logger, Version, Environment.ProcessId, new Ovsdb.RemoteList(settings.Ovsdb.Remotes));
        foreach (var key in settings.NotImplemented)
        {
            RuntimeLog.NotImplemented(logger, key);
        }

        using var runner = new PluginRunner(settings, Console.OpenStandardInput(), stdout, TimeProvider.System, logger, reload, level, format);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            runner.RequestReload();
        });

        try
        {
            await runner.RunAsync(CancellationToken.None).ConfigureAwait(false);
            return Ok;
        }
#pragma warning disable CA1031 // Last resort: report on stderr with a non-zero exit.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            RuntimeLog.InternalError(logger, "runner", ex);
            return Failure;
        }

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            runner.RequestStop(context.Signal == PosixSignal.SIGTERM ? "SIGTERM" : "SIGINT");
        }
    }

    private static async Task<int> StatusAsync(Settings settings, bool json, Stream stdout)
    {
        var file = settings.State.StatusFile;
        StatusReport? report = null;
        try
        {
            if (file is not null && File.Exists(file))
            {
                report = JsonSerializer.Deserialize(await File.ReadAllBytesAsync(file).ConfigureAwait(false), StatusJsonContext.Default.StatusReport);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            await Console.Error.WriteLineAsync($"exahealth: cannot read the status file {file}: {ex.Message}").ConfigureAwait(false);
            return Failure;
        }

        if (report is null)
        {
            await Console.Error.WriteLineAsync($"exahealth: no status file at {file ?? "(state.statusFile unset)"}: is exahealth running with this configuration?").ConfigureAwait(false);
            return Failure;
        }

        await WriteAsync(stdout, json
            ? JsonSerializer.Serialize(report, StatusJsonContext.Default.StatusReport) + "\n"
            : StatusPrinter.Print(report, DateTimeOffset.UtcNow)).ConfigureAwait(false);
        return Ok;
    }

    private static async Task<int> SnapshotAsync(Settings settings, bool json, Stream stdout)
    {
        using var loggers = LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(LogLevel.Warning);
            builder.AddConsole(ConsoleLogging.Configure);
            builder.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        });
        try
        {
            var report = await SnapshotCommand.TakeAsync(settings, loggers.CreateLogger("exahealth"), TimeSpan.FromSeconds(15)).ConfigureAwait(false);
            await WriteAsync(stdout, json
                ? JsonSerializer.Serialize(report, StatusJsonContext.Default.SnapshotReport) + "\n"
                : StatusPrinter.Print(report)).ConfigureAwait(false);
            return Ok;
        }
        catch (IOException ex)
        {
            await Console.Error.WriteLineAsync($"exahealth: {ex.Message}").ConfigureAwait(false);
            return Failure;
        }
    }

    private static async Task WriteAsync(Stream stdout, string text)
    {
        await stdout.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text)).ConfigureAwait(false);
        await stdout.FlushAsync().ConfigureAwait(false);
    }
}
