using System.Net;
using Bridge.Sip.Messages;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Resolver;

/// <summary>
/// RFC 3263 §4 for a SIP URI whose host is a domain: transport (§4.1) from the URI's <c>transport</c> parameter, else a
/// port in the URI (UDP, TLS for sips), else NAPTR records (flags "s", services SIP+D2U / SIP+D2T / SIPS+D2T, only
/// transports we have, by order then preference), else SRV queries for our transports in our order; then addresses
/// (§4.2): SRV records by priority, higher weight first among equals, their targets' A/AAAA (from the additional section
/// when present); without SRV the host's A/AAAA with the default port. The result is every target in the order to try
/// them (§4.3: on a transport error or timeout the next one is tried). An IP host needs no DNS at all.
/// </summary>
public sealed class SipServerLocator
{
    private readonly IDnsClient _dns;
    private readonly IReadOnlyList<string> _transports;

    /// <param name="dns">The resolver.</param>
    /// <param name="transports">Transports we can use (<c>UDP</c>, <c>TCP</c>, <c>TLS</c>), most preferred first.</param>
    public SipServerLocator(IDnsClient dns, IReadOnlyList<string> transports)
    {
        ArgumentNullException.ThrowIfNull(dns);
        ArgumentNullException.ThrowIfNull(transports);
        _dns = dns;
        _transports = transports;
    }

    public async Task<IReadOnlyList<SipServerTarget>> LocateAsync(SipUri uri, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var host = uri.Host.Trim('[', ']');
        var given = SipTransportNames.Normalize(uri.Transport);
        if (given is not null && uri.IsSecure && given == SipTransportNames.Tcp)
        {
            given = SipTransportNames.Tls; // §4.1: sips with transport=tcp means TLS
        }

        if (IPAddress.TryParse(host, out var literal))
        {
            var transport = given ?? (uri.IsSecure ? SipTransportNames.Tls : SipTransportNames.Udp);
            return Usable(transport) ? [new SipServerTarget(transport, new IPEndPoint(literal, uri.Port ?? SipTransportNames.DefaultPort(transport)))] : [];
        }

        if (uri.Port is { } port)
        {
            var transport = given ?? (uri.IsSecure ? SipTransportNames.Tls : SipTransportNames.Udp);
            return Usable(transport) ? await AddressesAsync(host, transport, port, [], ct).ConfigureAwait(false) : [];
        }

        var services = given is not null ? [(given, SrvName(given, host))] : await NaptrAsync(host, uri.IsSecure, ct).ConfigureAwait(false);
        if (services.Count == 0)
        {
            services = [.. _transports.Where(t => !uri.IsSecure || t == SipTransportNames.Tls).Select(t => (t, SrvName(t, host)))];
        }

        var targets = new List<SipServerTarget>();
        var sawSrv = false;
        foreach (var (transport, srvName) in services)
        {
            var answer = await _dns.QueryAsync(srvName, DnsRecordType.Srv, ct).ConfigureAwait(false);
            var records = answer?.Answers.Where(r => r.Srv is not null).Select(r => r.Srv!)
                .OrderBy(s => s.Priority).ThenByDescending(s => s.Weight).ToList() ?? [];
            sawSrv |= records.Count > 0;
            foreach (var srv in records)
            {
                if (srv.Target.Length > 0)
                {
                    targets.AddRange(await AddressesAsync(srv.Target, transport, srv.Port, answer!.Additionals, ct).ConfigureAwait(false));
                }
            }

            if (records.Count > 0 && given is null && targets.Count > 0)
            {
                return targets; // §4.1: the first transport with SRV records is used
            }
        }

        if (sawSrv)
        {
            return targets; // RFC 2782: SRV records exist, so their targets are all there is ("." = no service)
        }

        // §4.2: no SRV records: the host's addresses, the transport's default port
        var fallback = given ?? (uri.IsSecure ? SipTransportNames.Tls : SipTransportNames.Udp);
        return Usable(fallback) ? await AddressesAsync(host, fallback, SipTransportNames.DefaultPort(fallback), [], ct).ConfigureAwait(false) : [];
    }

    private bool Usable(string transport) => _transports.Contains(transport, StringComparer.Ordinal);

    /// <summary>§4.1 SRV names: <c>_sips._tcp</c> for TLS, <c>_sip._tcp</c>, <c>_sip._udp</c>.</summary>
    private static string SrvName(string transport, string host) => transport switch
    {
        SipTransportNames.Tls => "_sips._tcp." + host,
        SipTransportNames.Tcp => "_sip._tcp." + host,
        _ => "_sip._udp." + host,
    };

    /// <summary>§4.1: the NAPTR records for SIP, as (transport, SRV name), in order; empty when there are none we can use.</summary>
    private async Task<List<(string Transport, string SrvName)>> NaptrAsync(string host, bool secure, CancellationToken ct)
    {
        var answer = await _dns.QueryAsync(host, DnsRecordType.Naptr, ct).ConfigureAwait(false);
        var list = new List<(string, string)>();
        foreach (var naptr in answer?.Answers.Where(r => r.Naptr is not null).Select(r => r.Naptr!).OrderBy(n => n.Order).ThenBy(n => n.Preference) ?? Enumerable.Empty<DnsNaptr>())
        {
            if (!naptr.Flags.Equals("s", StringComparison.OrdinalIgnoreCase) || naptr.Replacement.Length == 0)
            {
                continue;
            }

            string? transport = naptr.Services.ToUpperInvariant() switch
            {
                "SIP+D2U" when !secure => SipTransportNames.Udp,
                "SIP+D2T" when !secure => SipTransportNames.Tcp,
                "SIPS+D2T" => SipTransportNames.Tls,
                _ => null,
            };
            if (transport is not null && Usable(transport))
            {
                list.Add((transport, naptr.Replacement));
            }
        }

        return list;
    }

    /// <summary>A and AAAA of <paramref name="name"/> (IPv4 first), taken from <paramref name="known"/> when the answer
    /// carried them.</summary>
    private async Task<List<SipServerTarget>> AddressesAsync(string name, string transport, int port, IReadOnlyList<DnsRecord> known, CancellationToken ct)
    {
        var addresses = known.Where(r => r.Address is not null && string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
            .OrderBy(r => r.Type == DnsRecordType.Aaaa).Select(r => r.Address!).ToList();
        if (addresses.Count == 0)
        {
            foreach (var type in new[] { DnsRecordType.A, DnsRecordType.Aaaa })
            {
                var answer = await _dns.QueryAsync(name, type, ct).ConfigureAwait(false);
                addresses.AddRange(answer?.Answers.Where(r => r.Type == type && r.Address is not null).Select(r => r.Address!) ?? []);
            }
        }

        return [.. addresses.Select(a => new SipServerTarget(transport, new IPEndPoint(a, port)))];
    }
}
