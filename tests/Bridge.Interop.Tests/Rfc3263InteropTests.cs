using Bridge.Interop.Tests.Infrastructure;
using Bridge.Sip.Messages;
using Bridge.Sip.Resolver;
using Xunit.Abstractions;

namespace Bridge.Interop.Tests;

/// <summary>RFC 3263 against a real DNS server (dnsmasq from Debian on 127.0.0.1): our DNS client and locator follow
/// NAPTR → SRV → A, prefer the NAPTR's lower order, fall back to SRV and then to A when records are missing.</summary>
public sealed class Rfc3263InteropTests(ITestOutputHelper output)
{
    private const int DnsPort = 18954;

    [Fact]
    public async Task Naptr_srv_and_a_records_from_dnsmasq_locate_the_servers()
    {
        await using var dns = await Dnsmasq.StartAsync(DnsPort, "pbx.test",
            "--naptr-record=pbx.test,20,50,s,SIP+D2U,,_sip._udp.pbx.test",
            "--naptr-record=pbx.test,10,50,s,SIP+D2T,,_sip._tcp.pbx.test",
            "--srv-host=_sip._tcp.pbx.test,b.pbx.test,5072,20,5",
            "--srv-host=_sip._tcp.pbx.test,a.pbx.test,5071,10,5",
            "--srv-host=_sip._udp.srvonly.test,c.pbx.test,5073,0,5",
            "--host-record=pbx.test,127.0.0.9",
            "--host-record=a.pbx.test,127.0.0.11",
            "--host-record=b.pbx.test,127.0.0.12",
            "--host-record=c.pbx.test,127.0.0.13",
            "--host-record=plain.test,127.0.0.14");
        var locator = new SipServerLocator(new DnsClient(dns.EndPoint), ["UDP", "TCP"]);

        var naptr = await locator.LocateAsync(SipUri.Parse("sip:1001@pbx.test"), CancellationToken.None);
        var srvOnly = await locator.LocateAsync(SipUri.Parse("sip:1001@srvonly.test"), CancellationToken.None);
        var plain = await locator.LocateAsync(SipUri.Parse("sip:1001@plain.test"), CancellationToken.None);
        var missing = await locator.LocateAsync(SipUri.Parse("sip:1001@nowhere.test"), CancellationToken.None);

        // dnsmasq's log reaches us through its output pipe, after the answers: wait for the last lookup's lines before
        // judging which queries were made.
        var logged = System.Diagnostics.Stopwatch.StartNew();
        while (!dns.Lines.Any(l => l.Contains("nowhere.test", StringComparison.Ordinal)) && logged.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(50);
        }

        output.WriteLine(string.Join("\n", dns.Lines.Where(l => l.Contains("query[", StringComparison.Ordinal))));
        Assert.Equal(["TCP 127.0.0.11:5071", "TCP 127.0.0.12:5072"], naptr.Select(t => $"{t.Transport} {t.EndPoint}"));
        Assert.Equal(["UDP 127.0.0.13:5073"], srvOnly.Select(t => $"{t.Transport} {t.EndPoint}"));
        Assert.Equal(["UDP 127.0.0.14:5060"], plain.Select(t => $"{t.Transport} {t.EndPoint}"));
        Assert.Empty(missing);
        Assert.Contains(dns.Lines, l => l.Contains("query[NAPTR] pbx.test", StringComparison.Ordinal));
        Assert.DoesNotContain(dns.Lines, l => l.Contains("query[SRV] _sip._udp.pbx.test", StringComparison.Ordinal)); // the lower order NAPTR won
    }
}
