using ExaHealth.Southbound;

namespace ExaHealth.Tests.Southbound;

[TestClass]
internal sealed class EndpointParserTests
{
    [TestMethod]
    [DataRow("10.0.0.10", "10.0.0.10", 0)]
    [DataRow("10.0.0.10:80", "10.0.0.10", 80)]
    [DataRow("0.0.0.0:65535", "0.0.0.0", 65535)]
    [DataRow("255.255.255.255:1", "255.255.255.255", 1)]
    [DataRow("fd00::10", "fd00::10", 0)]
    [DataRow("[fd00::10]:80", "fd00::10", 80)]
    [DataRow("[fd00::10]", "fd00::10", 0)]
    [DataRow("[FD00:0:0::10]:443", "fd00::10", 443)]
    [DataRow("::ffff:10.0.0.1", "::ffff:10.0.0.1", 0)]
    [DataRow("10.0.0.10:080", "10.0.0.10", 80)]
    public void TryParseEndpoint_ValidForms_Parse(string text, string address, int port)
    {
        Assert.IsTrue(EndpointParser.TryParseEndpoint(text, out var endpoint));
        Assert.AreEqual(System.Net.IPAddress.Parse(address), endpoint.Address.ToAddress());
        Assert.AreEqual(port, endpoint.Port);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("10.0.0")]
    [DataRow("10.1")]
    [DataRow("1")]
    [DataRow("10.0.0.256")]
    [DataRow("10.0.0.010")]
    [DataRow("10.0.0.1.")]
    [DataRow(".10.0.0.1")]
    [DataRow("10..0.1")]
    [DataRow("10.0.0.1 ")]
    [DataRow(" 10.0.0.1")]
    [DataRow("10.0.0.1:")]
    [DataRow("10.0.0.1:0")]
    [DataRow("10.0.0.1:65536")]
    [DataRow("10.0.0.1:123456")]
    [DataRow("10.0.0.1:80x")]
    [DataRow("10.0.0.1:+80")]
    [DataRow("10.0.0.1:-1")]
    [DataRow("10.0.0.1:80\nannounce route 1.2.3.4/32 next-hop self")]
    [DataRow("fd00::10:80:")]
    [DataRow("[fd00::10]80")]
    [DataRow("[fd00::10]:")]
    [DataRow("[10.0.0.1]:80")]
    [DataRow("[fd00::10")]
    [DataRow("fd00::10%eth0")]
    [DataRow("[fd00::10%1]:80")]
    [DataRow("fd00::g")]
    [DataRow("host.example:80")]
    [DataRow("0x0a.0.0.1")]
    [DataRow("10.0.0.1/32")]
    public void TryParseEndpoint_MalformedOrAmbiguous_IsRefused(string text)
    {
        Assert.IsFalse(EndpointParser.TryParseEndpoint(text, out _));
    }

    [TestMethod]
    [DataRow("10.10.10.226", true)]
    [DataRow("fd10::226", true)]
    [DataRow("[fd10::226]", false)]
    [DataRow("10.10.10.226:80", false)]
    [DataRow("10.10.10", false)]
    public void TryParseAddress_PlainAddressOnly(string text, bool valid)
    {
        Assert.AreEqual(valid, EndpointParser.TryParseAddress(text, out _));
    }
}
