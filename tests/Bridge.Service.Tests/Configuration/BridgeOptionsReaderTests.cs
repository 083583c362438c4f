using System.Net;
using Bridge.Service.Configuration;
using Microsoft.Extensions.Configuration;

namespace Bridge.Service.Tests.Configuration;

public sealed class BridgeOptionsReaderTests
{
    private static BridgeOptions Read(out IReadOnlyList<string> errors, params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
        return BridgeOptionsReader.Read(configuration, "/srv/bridge", out errors);
    }

    [Fact]
    public void Defaults_listen_on_5060_and_5061_with_shipped_assets_beside_the_program_and_data_under_the_content_root()
    {
        var configuration = new ConfigurationBuilder().Build();
        var options = BridgeOptionsReader.Read(configuration, "/srv/bridge", "/usr/lib/bridge", out var errors);

        Assert.Empty(errors);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 5060), options.SipUdp);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 5060), options.SipTcp);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 5061), options.SipTls);
        Assert.Equal("/usr/lib/bridge/dialplans", options.DialPlans);
        Assert.Equal("/usr/lib/bridge/prompts", options.PromptsDirectory);
        Assert.Equal("/srv/bridge/data", options.DataDirectory);
        Assert.True(options.RtpPortLow < options.RtpPortHigh);
    }

    [Fact]
    public void Paths_an_admin_sets_are_taken_relative_to_the_content_root()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bridge:DialPlans"] = "plans",
            ["Bridge:Data"] = "/var/lib/bridge",
            ["Bridge:Prompts"] = "../voices",
            ["Bridge:Tls:Certificate"] = "tls/fullchain.pem",
        }).Build();
        var options = BridgeOptionsReader.Read(configuration, "/etc/bridge", "/usr/lib/bridge", out var errors);

        Assert.Empty(errors);
        Assert.Equal("/etc/bridge/plans", options.DialPlans);
        Assert.Equal("/var/lib/bridge", options.DataDirectory);
        Assert.Equal("/etc/voices", options.PromptsDirectory);
        Assert.Equal("/etc/bridge/tls/fullchain.pem", options.TlsCertificate);
    }

    [Fact]
    public void An_empty_value_disables_a_transport_and_IPv6_is_accepted()
    {
        var options = Read(out var errors, ("Bridge:Sip:Tls", ""), ("Bridge:Sip:Udp", "[::1]:5070"), ("Bridge:Media:Address", "192.0.2.10"));

        Assert.Empty(errors);
        Assert.Null(options.SipTls);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 5070), options.SipUdp);
        Assert.Equal(IPAddress.Parse("192.0.2.10"), options.MediaAddress);
    }

    [Theory]
    [InlineData("Bridge:Sip:Udp", "127.0.0.1", "Bridge:Sip:Udp")]
    [InlineData("Bridge:Sip:Tcp", "localhost:5060", "Bridge:Sip:Tcp")]
    [InlineData("Bridge:Rtp:Ports", "30000", "Bridge:Rtp:Ports")]
    [InlineData("Bridge:Rtp:Ports", "40000-30000", "Bridge:Rtp:Ports")]
    [InlineData("Bridge:Media:Address", "bridge.example", "Bridge:Media:Address")]
    [InlineData("Bridge:Media:Opus", "fastest", "Bridge:Media:Opus")]
    public void A_bad_value_is_reported_with_its_key(string key, string value, string expectedKey)
    {
        Read(out var errors, (key, value));

        var error = Assert.Single(errors);
        Assert.StartsWith(expectedKey + ":", error, StringComparison.Ordinal);
        Assert.Contains(value, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, Bridge.Media.Codecs.OpusLibrary.Auto)]
    [InlineData("native", Bridge.Media.Codecs.OpusLibrary.Native)]
    [InlineData("Managed", Bridge.Media.Codecs.OpusLibrary.Managed)]
    public void The_opus_implementation_is_auto_unless_chosen(string? value, Bridge.Media.Codecs.OpusLibrary expected)
    {
        var options = value is null ? Read(out var errors) : Read(out errors, ("Bridge:Media:Opus", value));

        Assert.Empty(errors);
        Assert.Equal(expected, options.Opus);
    }
}
