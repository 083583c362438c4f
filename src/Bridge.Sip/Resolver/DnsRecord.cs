using System.Net;

namespace Bridge.Sip.Resolver;

/// <summary>One answer or additional record (RFC 1035 §4.1.3) of a type we read; the other fields stay null.</summary>
public sealed record DnsRecord(string Name, DnsRecordType Type, uint Ttl)
{
    /// <summary>For A and AAAA.</summary>
    public IPAddress? Address { get; init; }

    /// <summary>For SRV.</summary>
    public DnsSrv? Srv { get; init; }

    /// <summary>For NAPTR.</summary>
    public DnsNaptr? Naptr { get; init; }
}
