using System.Globalization;

namespace ExaHealth.Lab;

/// <summary>
/// A standalone OVN central on loopback: NB and SB ovsdb-server on unix sockets (SB also on TCP)
/// and ovn-northd translating NB into SB. Load balancers created in the NB get real SB
/// Service_Monitor rows from northd; <see cref="SetStatus"/> then plays ovn-controller.
/// </summary>
public sealed class OvnCentral : IDisposable
{
    private readonly string _dir;
    private readonly Dictionary<string, string> _env;
    private readonly List<Daemon> _daemons = [];
    private Daemon? _sb;
    private int _chassis;

    private OvnCentral(string dir, string sbTcpAddress, int sbTcpPort)
    {
        _dir = dir;
        SbTcpAddress = sbTcpAddress;
        SbTcpPort = sbTcpPort;
        _env = new Dictionary<string, string>
        {
            ["OVS_RUNDIR"] = dir, ["OVS_LOGDIR"] = dir, ["OVS_DBDIR"] = dir,
            ["OVN_RUNDIR"] = dir, ["OVN_LOGDIR"] = dir, ["OVN_DBDIR"] = dir,
        };
    }

    public string NbSocket => Path.Combine(_dir, "nb.sock");

    public string SbSocket => Path.Combine(_dir, "sb.sock");

    public string SbTcpAddress { get; }

    public int SbTcpPort { get; }

    /// <summary>The SB as ExaHealth's ovsdb.southbound takes it.</summary>
    public string SbUnixRemote => "unix:" + SbSocket;

    public string SbTcpRemote => $"tcp:{SbTcpAddress}:{SbTcpPort}";

    public bool SbRunning => _sb?.IsRunning == true;

    public static OvnCentral Start(string dir, string sbTcpAddress, int sbTcpPort)
    {
        Directory.CreateDirectory(dir);
        var ovn = new OvnCentral(dir, sbTcpAddress, sbTcpPort);
        try
        {
            ovn.StartServers();
            return ovn;
        }
        catch
        {
            ovn.Dispose();
            throw;
        }
    }

    /// <summary>ovn-nbctl against this NB.</summary>
    public string Nb(params string[] arguments) => Tool.Run("ovn-nbctl", [$"--db=unix:{NbSocket}", "--no-leader-only", .. arguments], _env);

    /// <summary>ovn-sbctl against this SB.</summary>
    public string Sb(params string[] arguments) => Tool.Run("ovn-sbctl", [$"--db=unix:{SbSocket}", "--no-leader-only", .. arguments], _env);

    /// <summary>
    /// Creates a logical switch with the given backends (each bound to a fake chassis so northd
    /// keeps an "online" status), a load balancer with a health check, and waits for northd's
    /// Service_Monitor rows. Backends are "IP:PORT" or "[IPv6]:PORT".
    /// </summary>
    /// <param name="mappings">false: a health check without ip_port_mappings, so northd creates no Service_Monitor rows.</param>
    public void AddLoadBalancer(string name, string vip, IReadOnlyList<string> backends, string protocol = "tcp", bool healthCheck = true, bool mappings = true)
    {
        string sw = "ls-" + name;
        Nb("--may-exist", "ls-add", sw);
        Nb("lb-add", name, vip, string.Join(',', backends), protocol);
        Nb("ls-lb-add", sw, name);
        if (!healthCheck)
        {
            return;
        }

        if (!mappings)
        {
            Nb("--id=@hc", "create", "Load_Balancer_Health_Check", $"vip=\"{vip}\"", "--", "add", "Load_Balancer", name, "health_check", "@hc");
            return;
        }

        bool v6 = vip.StartsWith('[');
        string source = v6 ? "[fd99::1]" : "10.99.99.1";
        int before = ServiceMonitorCount();
        var mappingArguments = new List<string>();
        foreach (var backend in backends)
        {
            string ip = v6 ? backend[1..backend.IndexOf(']')] : backend[..backend.IndexOf(':')];
            string port = "lsp-" + name + "-" + ip.Replace(':', '-').Replace('.', '-');
            Nb("--may-exist", "lsp-add", sw, port, "--", "lsp-set-addresses", port, $"0a:00:00:00:{_chassis++ % 256:x2}:01 {ip}");
            mappingArguments.Add(v6 ? $"ip_port_mappings:\"[{ip}]\"=\"{port}:{source}\"" : $"ip_port_mappings:{ip}={port}:{source}");
            BindToFakeChassis(port);
        }

        Nb(["set", "Load_Balancer", name, .. mappingArguments]);
        Nb("--id=@hc", "create", "Load_Balancer_Health_Check", $"vip=\"{vip}\"", "options:interval=5", "options:timeout=20",
            "options:success_count=3", "options:failure_count=3", "--", "add", "Load_Balancer", name, "health_check", "@hc");
        WaitFor(() => ServiceMonitorCount() >= before + backends.Count, "northd to create Service_Monitor rows");
    }

    public void DeleteLoadBalancer(string name) => Nb("lb-del", name);

    /// <summary>Sets SB Service_Monitor.status of every row for <paramref name="ip"/> (online, offline, error, or null to clear).</summary>
    public void SetStatus(string ip, string? status)
    {
        var uuids = Sb("--bare", "--columns=_uuid", "find", "Service_Monitor", $"ip=\"{ip}\"")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (uuids.Length == 0)
        {
            throw new InvalidOperationException($"no Service_Monitor row with ip {ip}");
        }

        var arguments = new List<string>();
        foreach (var uuid in uuids)
        {
            if (arguments.Count > 0)
            {
                arguments.Add("--");
            }

            arguments.AddRange(status is null
                ? ["clear", "Service_Monitor", uuid, "status"]
                : ["set", "Service_Monitor", uuid, $"status={status}"]);
        }

        Sb([.. arguments]);
    }

    public int ServiceMonitorCount() =>
        Sb("--bare", "--columns=_uuid", "list", "Service_Monitor").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>Stops the SB ovsdb-server (the database file stays).</summary>
    public void StopSouthbound()
    {
        _sb?.Stop();
        _sb = null;
    }

    /// <summary>Starts the SB ovsdb-server again on the same file and sockets.</summary>
    public void StartSouthbound()
    {
        _sb = StartOvsdb("sb", [$"--remote=ptcp:{SbTcpPort}:{SbTcpAddress}"]);
        _daemons.Add(_sb);
    }

    public void Dispose()
    {
        foreach (var daemon in Enumerable.Reverse(_daemons))
        {
            daemon.Stop();
        }

        _daemons.Clear();
    }

    private void StartServers()
    {
        Tool.Run("ovsdb-tool", ["create", Path.Combine(_dir, "nb.db"), "/usr/share/ovn/ovn-nb.ovsschema"]);
        Tool.Run("ovsdb-tool", ["create", Path.Combine(_dir, "sb.db"), "/usr/share/ovn/ovn-sb.ovsschema"]);
        _daemons.Add(StartOvsdb("nb", []));
        StartSouthbound();
        Nb("init");
        Sb("init");
        Tool.Run("ovn-northd",
        [
            "--detach", "--no-chdir", $"--pidfile={_dir}/northd.pid", $"--log-file={_dir}/northd.log",
            $"--unixctl={_dir}/northd.ctl", $"--ovnnb-db=unix:{NbSocket}", $"--ovnsb-db=unix:{SbSocket}",
        ], _env);
        _daemons.Add(Daemon.FromPidFile("northd", Path.Combine(_dir, "northd.pid")));
        WaitFor(() => Tool.Run("ovn-appctl", ["-t", $"{_dir}/northd.ctl", "status"], _env).Contains("active", StringComparison.Ordinal), "ovn-northd to become active");
        Nb("set", "NB_Global", ".", "options:svc_monitor_mac=\"0a:00:00:00:00:fe\"");
        Sb("chassis-add", "fake-chassis", "geneve", "127.0.0.1");
    }

    private Daemon StartOvsdb(string name, IEnumerable<string> extraRemotes)
    {
        Tool.Run("ovsdb-server",
        [
            "--detach", "--no-chdir", $"--pidfile={_dir}/{name}.pid", $"--log-file={_dir}/{name}.log",
            $"--unixctl={_dir}/{name}.ctl", $"--remote=punix:{_dir}/{name}.sock", .. extraRemotes, $"{_dir}/{name}.db",
        ], _env);
        return Daemon.FromPidFile(name, Path.Combine(_dir, $"{name}.pid"));
    }

    /// <summary>Without ovn-controller the ports are "down" and northd rewrites online to offline; a bound fake chassis keeps them up.</summary>
    private void BindToFakeChassis(string port)
    {
        WaitFor(() => Sb("--bare", "--columns=logical_port", "find", "Port_Binding", $"logical_port={port}").Trim() == port, $"Port_Binding {port}");
        Sb("lsp-bind", port, "fake-chassis");
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("timed out waiting for " + what);
            }

            Thread.Sleep(10);
        }
    }

    internal static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
