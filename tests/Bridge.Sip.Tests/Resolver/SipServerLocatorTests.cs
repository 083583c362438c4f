using Bridge.Sip.Messages;
using Bridge.Sip.Resolver;

namespace Bridge.Sip.Tests.Resolver;

/// <summary>RFC 3263 §4 over a resolver that answers from packets built by hand.</summary>
public sealed class SipServerLocatorTests
{
    private readonly FakeDns _dns = new();

    private SipServerLocator Locator(params string[] transports) => new(_dns, transports.Length == 0 ? ["UDP", "TCP"] : transports);

    [Fact]
    public async Task Naptr_then_srv_then_the_addresses_in_the_additional_section()
    {
        _dns.Add("example.org", DnsRecordType.Naptr, new DnsPacket()
            .Naptr("example.org", 20, 10, "s", "SIP+D2U", "_sip._udp.example.org")
            .Naptr("example.org", 10, 10, "s", "SIP+D2T", "_sip._tcp.example.org"));
        _dns.Add("_sip._tcp.example.org", DnsRecordType.Srv, new DnsPacket()
            .Srv("_sip._tcp.example.org", 20, 0, 5080, "backup.example.org")
            .Srv("_sip._tcp.example.org", 10, 0, 5070, "pbx.example.org")
            .Additional().A("pbx.example.org", "192.0.2.10"));
        _dns.Add("backup.example.org", DnsRecordType.A, new DnsPacket().A("backup.example.org", "192.0.2.20"));

        var targets = await Locator().LocateAsync(SipUri.Parse("sip:1001@example.org"), CancellationToken.None);

        Assert.Equal(["TCP 192.0.2.10:5070", "TCP 192.0.2.20:5080"], targets.Select(t => $"{t.Transport} {t.EndPoint}"));
        Assert.DoesNotContain(("_sip._udp.example.org", DnsRecordType.Srv), _dns.Asked); // the lower order NAPTR won
    }

    [Fact]
    public async Task A_naptr_for_a_transport_we_lack_is_passed_over()
    {
        _dns.Add("example.org", DnsRecordType.Naptr, new DnsPacket()
            .Naptr("example.org", 10, 10, "s", "SIPS+D2T", "_sips._tcp.example.org")
            .Naptr("example.org", 20, 10, "s", "SIP+D2U", "_sip._udp.example.org"));
        _dns.Add("_sip._udp.example.org", DnsRecordType.Srv, new DnsPacket().Srv("_sip._udp.example.org", 0, 0, 5060, "pbx.example.org"));
        _dns.Add("pbx.example.org", DnsRecordType.A, new DnsPacket().A("pbx.example.org", "192.0.2.10"));

        var targets = await Locator("UDP").LocateAsync(SipUri.Parse("sip:1001@example.org"), CancellationToken.None);

        Assert.Equal("UDP 192.0.2.10:5060", $"{targets.Single().Transport} {targets.Single().EndPoint}");
    }

    [Fact]
    public async Task Without_naptr_srv_is_asked_for_our_transports_in_our_order()
    {
        _dns.Add("_sip._tcp.example.org", DnsRecordType.Srv, new DnsPacket().Srv("_sip._tcp.example.org", 0, 0, 5070, "pbx.example.org"));
        _dns.Add("pbx.example.org", DnsRecordType.A, new DnsPacket().A("pbx.example.org", "192.0.2.10"));

        var targets = await Locator("UDP", "TCP").LocateAsync(SipUri.Parse("sip:1001@example.org"), CancellationToken.None);

        Assert.Equal("TCP 192.0.2.10:5070", $"{targets.Single().Transport} {targets.Single().EndPoint}");
        Assert.Equal([("example.org", DnsRecordType.Naptr), ("_sip._udp.example.org", DnsRecordType.Srv), ("_sip._tcp.example.org", DnsRecordType.Srv)], _dns.Asked.Take(3));
    }

    [Fact]
    public async Task Without_naptr_and_srv_the_host_address_with_the_default_port()
    {
        _dns.Add("example.org", DnsRecordType.A, new DnsPacket().A("example.org", "192.0.2.30"));
        _dns.Add("example.org", DnsRecordType.Aaaa, new DnsPacket().A("example.org", "2001:db8::30"));

        var targets = await Locator().LocateAsync(SipUri.Parse("sip:1001@example.org"), CancellationToken.None);

        Assert.Equal(["UDP 192.0.2.30:5060", "UDP [2001:db8::30]:5060"], targets.Select(t => $"{t.Transport} {t.EndPoint}"));
    }

    [Fact]
    public async Task A_port_in_the_uri_skips_naptr_and_srv_and_a_transport_parameter_skips_naptr()
    {
        _dns.Add("example.org", DnsRecordType.A, new DnsPacket().A("example.org", "192.0.2.30"));
        var withPort = await Locator().LocateAsync(SipUri.Parse("sip:1001@example.org:5099"), CancellationToken.None);
        Assert.Equal("UDP 192.0.2.30:5099", $"{withPort.Single().Transport} {withPort.Single().EndPoint}");
        Assert.All(_dns.Asked, q => Assert.Equal("example.org", q.Name));

        _dns.Add("_sip._tcp.example.org", DnsRecordType.Srv, new DnsPacket().Srv("_sip._tcp.example.org", 0, 0, 5070, "example.org"));
        var withTransport = await Locator().LocateAsync(SipUri.Parse("sip:1001@example.org;transport=tcp"), CancellationToken.None);
        Assert.Equal("TCP 192.0.2.30:5070", $"{withTransport.Single().Transport} {withTransport.Single().EndPoint}");
        Assert.DoesNotContain(("example.org", DnsRecordType.Naptr), _dns.Asked);
    }

    [Fact]
    public async Task An_ip_address_needs_no_dns_and_a_srv_target_of_root_means_no_service()
    {
        var targets = await Locator().LocateAsync(SipUri.Parse("sip:1001@192.0.2.5"), CancellationToken.None);
        Assert.Equal("UDP 192.0.2.5:5060", $"{targets.Single().Transport} {targets.Single().EndPoint}");
        Assert.Empty(_dns.Asked);

        _dns.Add("_sip._udp.example.org", DnsRecordType.Srv, new DnsPacket().Srv("_sip._udp.example.org", 0, 0, 0, "."));
        Assert.Empty(await Locator("UDP").LocateAsync(SipUri.Parse("sip:1001@example.org"), CancellationToken.None));
    }

    private sealed class FakeDns : IDnsClient
    {
        private readonly Dictionary<(string, DnsRecordType), DnsMessage> _answers = [];

        public List<(string Name, DnsRecordType Type)> Asked { get; } = [];

        public void Add(string name, DnsRecordType type, DnsPacket packet) => _answers[(name, type)] = packet.Parse();

        public Task<DnsMessage?> QueryAsync(string name, DnsRecordType type, CancellationToken ct)
        {
            Asked.Add((name, type));
            return Task.FromResult(_answers.TryGetValue((name, type), out var answer) ? answer : null);
        }
    }
}
