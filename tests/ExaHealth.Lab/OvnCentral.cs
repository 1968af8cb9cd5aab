using System.Globalization;

namespace ExaHealth.Lab;

/// <summary>
/// OVN central on loopback: NB ovsdb-server (standalone or a one-member cluster), a standalone or Raft-clustered SB ovsdb-server (unix
/// sockets, TCP, optionally TLS), optional SB relays, and ovn-northd translating NB into SB. Load
/// balancers created in the NB get real SB Service_Monitor rows from northd; <see cref="SetStatus"/>
/// then plays ovn-controller.
/// </summary>
public sealed class OvnCentral : IDisposable
{
    private const int RaftPortBase = 6700;
    private const int SslPort = 16643;
    private const int NorthboundRaftPort = RaftPortBase + 10;

    private readonly string _dir;
    private readonly Dictionary<string, string> _env;
    private readonly List<Daemon> _daemons = [];
    private readonly Daemon?[] _members;
    private readonly OvnOptions _options;
    private Daemon? _northbound;
    private int _chassis;
    private int _relays;

    private OvnCentral(string dir, string address, int tcpPort, OvnOptions options)
    {
        _dir = dir;
        Address = address;
        SbTcpPort = tcpPort;
        _options = options;
        _members = new Daemon?[options.SouthboundMembers];
        _env = new Dictionary<string, string>
        {
            ["OVS_RUNDIR"] = dir, ["OVS_LOGDIR"] = dir, ["OVS_DBDIR"] = dir,
            ["OVN_RUNDIR"] = dir, ["OVN_LOGDIR"] = dir, ["OVN_DBDIR"] = dir,
        };
    }

    public string Address { get; }

    public string NbSocket => Path.Combine(_dir, "nb.sock");

    public int Members => _members.Length;

    public bool NbRunning => _northbound?.IsRunning == true;

    /// <summary>The first member's unix socket (the only one when standalone).</summary>
    public string SbSocket => MemberSocket(0);

    /// <summary>The process id of the first Southbound member (for CPU accounting in benchmarks).</summary>
    public int? SouthboundPid => _members[0]?.Pid;

    public int SbTcpPort { get; }

    /// <summary>The NB's TCP port on <see cref="Address"/> (besides its unix socket).</summary>
    public int NbTcpPort => SbTcpPort - 1;

    public string NbTcpRemote => string.Create(CultureInfo.InvariantCulture, $"tcp:{Address}:{NbTcpPort}");

    /// <summary>The SB as ExaHealth's ovsdb.southbound takes it: every member's unix socket.</summary>
    public string SbUnixRemote => string.Join(',', Enumerable.Range(0, Members).Select(i => "unix:" + MemberSocket(i)));

    /// <summary>Every member over TCP.</summary>
    public string SbTcpRemote => string.Join(',', Enumerable.Range(0, Members).Select(MemberTcpRemote));

    /// <summary>The standalone SB over TLS (only with <see cref="OvnOptions.Tls"/>).</summary>
    public string SbSslRemote => $"ssl:{Address}:{SslPort}";

    public bool SbRunning => _members.All(m => m?.IsRunning == true);

    public static OvnCentral Start(string dir, string address, int tcpPort, OvnOptions? options = null)
    {
        Directory.CreateDirectory(dir);
        var ovn = new OvnCentral(dir, address, tcpPort, options ?? new OvnOptions());
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

    public string MemberSocket(int member) => Path.Combine(_dir, Members == 1 ? "sb.sock" : $"sb{member + 1}.sock");

    public string MemberTcpRemote(int member) => string.Create(CultureInfo.InvariantCulture, $"tcp:{Address}:{SbTcpPort + member}");

    /// <summary>ovn-nbctl against this NB.</summary>
    public string Nb(params string[] arguments) => Tool.Run("ovn-nbctl", [$"--db=unix:{NbSocket}", "--no-leader-only", .. arguments], _env);

    /// <summary>ovn-sbctl against this SB (the cluster's leader when clustered; during an election it waits for one).</summary>
    public string Sb(params string[] arguments)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            string db = string.Join(',', Enumerable.Range(0, Members).Where(i => _members[i]?.IsRunning == true).Select(i => "unix:" + MemberSocket(i)));
            try
            {
                return Tool.Run("ovn-sbctl", [$"--db={db}", .. arguments], _env);
            }
            catch (InvalidOperationException ex) when (Members > 1 && ex.Message.Contains("connection failed", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
        }
    }

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
            string port = "lsp-" + name.Replace(':', '-') + "-" + ip.Replace(':', '-').Replace('.', '-');
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

    /// <summary>
    /// Gives the Northbound some bulk (Address_Set rows, which northd copies to the SB): ovsdb-server
    /// keeps transaction history for monitor_cond_since only while it is small next to the database.
    /// </summary>
    public void AddBulk(int sets = 200, int addressesEach = 50)
    {
        var arguments = new List<string>();
        for (int set = 0; set < sets; set++)
        {
            if (set > 0)
            {
                arguments.Add("--");
            }

            var addresses = string.Join(',', Enumerable.Range(1, addressesEach).Select(a => string.Create(CultureInfo.InvariantCulture, $"\"10.{set / 100}.{set % 100}.{a}\"")));
            arguments.AddRange(["create", "Address_Set", string.Create(CultureInfo.InvariantCulture, $"name=bulk{set}"), $"addresses=[{addresses}]"]);
        }

        Nb([.. arguments]);
    }

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

    /// <summary>
    /// Stops the NB ovsdb-server (the database file stays): SIGTERM, or SIGKILL (a crash) when
    /// <paramref name="kill"/>. ovn-northd keeps running and reconnects once it is back.
    /// </summary>
    public void StopNorthbound(bool kill = false)
    {
        if (_northbound is not { } daemon)
        {
            return;
        }

        if (kill && daemon.IsRunning)
        {
            daemon.Signal(9);
            Wait.UntilAsync(() => !daemon.IsRunning, TimeSpan.FromSeconds(5), "the NB ovsdb-server to die").GetAwaiter().GetResult();
        }
        else
        {
            daemon.Stop();
        }

        // Forgotten, so that Dispose never signals a PID the system may have given to another process.
        _daemons.Remove(daemon);
        _northbound = null;
    }

    /// <summary>Starts the NB ovsdb-server again on its own database file and the same socket.</summary>
    public void StartNorthbound()
    {
        if (NbRunning)
        {
            throw new InvalidOperationException("the NB ovsdb-server is running");
        }

        _northbound = StartOvsdb("nb", [string.Create(CultureInfo.InvariantCulture, $"--remote=ptcp:{NbTcpPort}:{Address}")]);
        _daemons.Add(_northbound);
        if (_options.ClusteredNorthbound)
        {
            WaitFor(() => NorthboundIsLeader(), "the NB member to lead its cluster again");
        }
    }

    /// <summary>Stops the standalone SB ovsdb-server (the database file stays).</summary>
    public void StopSouthbound() => StopMember(0);

    /// <summary>Starts the standalone SB ovsdb-server again on the same file and sockets.</summary>
    public void StartSouthbound() => StartMember(0);

    /// <summary>Stops one SB member: SIGTERM, or SIGKILL (a crash) when <paramref name="kill"/>.</summary>
    public void StopMember(int member, bool kill = false)
    {
        var daemon = _members[member];
        if (daemon is null)
        {
            return;
        }

        if (kill && daemon.IsRunning)
        {
            daemon.Signal(9);
            Wait.UntilAsync(() => !daemon.IsRunning, TimeSpan.FromSeconds(5), "the member to die").GetAwaiter().GetResult();
        }
        else
        {
            daemon.Stop();
        }

        _members[member] = null;
    }

    public void StartMember(int member)
    {
        string name = Members == 1 ? "sb" : $"sb{member + 1}";
        var remotes = new List<string> { string.Create(CultureInfo.InvariantCulture, $"--remote=ptcp:{SbTcpPort + member}:{Address}") };
        if (_options.Tls is { } pki && Members == 1)
        {
            remotes.Add(string.Create(CultureInfo.InvariantCulture, $"--remote=pssl:{SslPort}:{Address}"));
            remotes.AddRange([$"--private-key={pki.ServerKey}", $"--certificate={pki.ServerCertificate}", $"--ca-cert={pki.CaCertificate}"]);
        }

        var daemon = StartOvsdb(name, remotes);
        _members[member] = daemon;
        _daemons.Add(daemon);
    }

    /// <summary>The member that is the Raft leader now, or -1.</summary>
    public int Leader()
    {
        for (int i = 0; i < Members; i++)
        {
            if (_members[i]?.IsRunning != true)
            {
                continue;
            }

            try
            {
                var status = Tool.Run("ovn-appctl", ["-t", Path.Combine(_dir, $"sb{i + 1}.ctl"), "cluster/status", "OVN_Southbound"], _env);
                if (status.Contains("Role: leader", StringComparison.Ordinal))
                {
                    return i;
                }
            }
            catch (InvalidOperationException)
            {
            }
        }

        return -1;
    }

    private bool NorthboundIsLeader()
    {
        try
        {
            return Tool.Run("ovn-appctl", ["-t", Path.Combine(_dir, "nb.ctl"), "cluster/status", "OVN_Northbound"], _env)
                .Contains("Role: leader", StringComparison.Ordinal);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Starts an ovsdb-server relay of the SB cluster (relay:OVN_Southbound:...); returns its unix remote.</summary>
    public string StartRelay()
    {
        string name = string.Create(CultureInfo.InvariantCulture, $"relay{++_relays}");
        Tool.Run("ovsdb-server",
        [
            "--detach", "--no-chdir", $"--pidfile={_dir}/{name}.pid", $"--log-file={_dir}/{name}.log",
            $"--unixctl={_dir}/{name}.ctl", $"--remote=punix:{_dir}/{name}.sock", $"relay:OVN_Southbound:{SbTcpRemote}",
        ], _env);
        _daemons.Add(Daemon.FromPidFile(name, Path.Combine(_dir, $"{name}.pid")));
        return $"unix:{_dir}/{name}.sock";
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
        if (_options.ClusteredNorthbound)
        {
            Tool.Run("ovsdb-tool", ["create-cluster", Path.Combine(_dir, "nb.db"), "/usr/share/ovn/ovn-nb.ovsschema",
                string.Create(CultureInfo.InvariantCulture, $"tcp:{Address}:{NorthboundRaftPort}")]);
        }
        else
        {
            Tool.Run("ovsdb-tool", ["create", Path.Combine(_dir, "nb.db"), "/usr/share/ovn/ovn-nb.ovsschema"]);
        }

        if (Members == 1)
        {
            Tool.Run("ovsdb-tool", ["create", Path.Combine(_dir, "sb.db"), "/usr/share/ovn/ovn-sb.ovsschema"]);
        }
        else
        {
            string Raft(int i) => string.Create(CultureInfo.InvariantCulture, $"tcp:{Address}:{RaftPortBase + i}");
            Tool.Run("ovsdb-tool", ["create-cluster", Path.Combine(_dir, "sb1.db"), "/usr/share/ovn/ovn-sb.ovsschema", Raft(0)]);
            for (int i = 1; i < Members; i++)
            {
                Tool.Run("ovsdb-tool", ["join-cluster", Path.Combine(_dir, $"sb{i + 1}.db"), "OVN_Southbound", Raft(i), Raft(0)]);
            }
        }

        _northbound = StartOvsdb("nb", [string.Create(CultureInfo.InvariantCulture, $"--remote=ptcp:{NbTcpPort}:{Address}")]);
        _daemons.Add(_northbound);
        if (_options.ClusteredNorthbound)
        {
            WaitFor(() => NorthboundIsLeader(), "the NB member to lead its cluster");
        }

        for (int i = 0; i < Members; i++)
        {
            StartMember(i);
        }

        if (Members > 1)
        {
            WaitFor(() => Leader() >= 0, "the SB cluster to elect a leader");
        }

        Nb("init");
        Sb("init");
        if (_options.Northd)
        {
            Tool.Run("ovn-northd",
            [
                "--detach", "--no-chdir", $"--pidfile={_dir}/northd.pid", $"--log-file={_dir}/northd.log",
                $"--unixctl={_dir}/northd.ctl", $"--ovnnb-db=unix:{NbSocket}", $"--ovnsb-db={SbUnixRemote}",
            ], _env);
            _daemons.Add(Daemon.FromPidFile("northd", Path.Combine(_dir, "northd.pid")));
            WaitFor(() => Tool.Run("ovn-appctl", ["-t", $"{_dir}/northd.ctl", "status"], _env).Contains("active", StringComparison.Ordinal), "ovn-northd to become active");
        }

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
        Sb("--may-exist", "lsp-bind", port, "fake-chassis");
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
}
