// Regenerate: dotnet run --project tests/ExaHealth.FixtureCapture -c Release -- tests/ExaHealth.Tests/Fixtures
using System.Net.Sockets;
using System.Text;
using ExaHealth.Lab;

// Captures, byte for byte, what a real ovsdb-server sends to a monitor_cond client while the
// Southbound changes in the ways ExaHealth must handle. Each file holds exactly the bytes of
// one read burst, so messages that arrived together stay together.
string output = Path.GetFullPath(args.Length > 0 ? args[0] : "Fixtures");
Directory.CreateDirectory(output);
var root = Path.Combine(Path.GetTempPath(), "exahealth-capture");
if (Directory.Exists(root))
{
    Directory.Delete(root, recursive: true);
}

using var ovn = OvnCentral.Start(root, "127.0.0.1", 16699);
ovn.AddLoadBalancer("lb1", "10.0.0.10:80", ["10.10.10.226:80", "10.10.10.227:80"]);
ovn.AddLoadBalancer("lb1-v6", "[fd00::10]:80", ["[fd10::226]:80", "[fd10::227]:80"]);

using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
socket.Connect(new UnixDomainSocketEndPoint(ovn.SbSocket));
const string request = """{"id":1,"method":"monitor_cond","params":["OVN_Southbound",["exahealth"],{"Load_Balancer":[{"columns":["name","vips","protocol"]}],"Service_Monitor":[{"columns":["ip","port","protocol","status"]}]}]}""";
socket.Send(Encoding.UTF8.GetBytes(request));
Save("01-monitor-reply.json");

string uuid226 = Row("10.10.10.226");
Step("02-status-offline.json", () => ovn.Sb("set", "Service_Monitor", uuid226, "status=offline"));
Step("03-status-online.json", () => ovn.Sb("set", "Service_Monitor", uuid226, "status=online"));
Step("04-status-cleared.json", () => ovn.Sb("clear", "Service_Monitor", uuid226, "status"));
Step("05-two-rows-one-transaction.json", () => ovn.Sb("set", "Service_Monitor", Row("10.10.10.227"), "status=offline", "--",
    "set", "Service_Monitor", Row("fd10::227"), "status=error"));
Step("06-vips-backend-added.json", () => ovn.Nb("set", "Load_Balancer", "lb1", "vips:\"10.0.0.10:80\"=\"10.10.10.226:80,10.10.10.227:80,10.10.10.228:80\""));
Step("07-vips-entry-added.json", () => ovn.Nb("set", "Load_Balancer", "lb1", "vips:\"10.0.0.11:443\"=\"10.10.10.226:443\""));
Step("08-vips-entry-removed.json", () => ovn.Nb("remove", "Load_Balancer", "lb1", "vips", "\"10.0.0.11:443\""));
Step("09-load-balancer-inserted.json", () => ovn.AddLoadBalancer("lb2", "10.0.0.20:8080", ["10.10.10.240:8080"]));
Step("10-load-balancer-deleted.json", () => ovn.DeleteLoadBalancer("lb2"));

Console.WriteLine($"fixtures written to {output}");

string Row(string ip) => ovn.Sb("--bare", "--columns=_uuid", "find", "Service_Monitor", $"ip=\"{ip}\"").Trim().Split('\n')[0];

void Step(string name, Action change)
{
    change();
    Save(name);
}

void Save(string name)
{
    // Everything the server sends within 300 ms of the last byte belongs to this step.
    var bytes = new List<byte>();
    var buffer = new byte[65536];
    socket.ReceiveTimeout = 2000;
    int n = socket.Receive(buffer);
    bytes.AddRange(buffer.AsSpan(0, n).ToArray());
    socket.ReceiveTimeout = 300;
    try
    {
        while ((n = socket.Receive(buffer)) > 0)
        {
            bytes.AddRange(buffer.AsSpan(0, n).ToArray());
        }
    }
    catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut || ex.SocketErrorCode == SocketError.WouldBlock)
    {
    }

    File.WriteAllBytes(Path.Combine(output, name), [.. bytes]);
    Console.WriteLine($"{name}: {bytes.Count} bytes");
}
