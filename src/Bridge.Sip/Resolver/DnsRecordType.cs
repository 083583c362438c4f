namespace Bridge.Sip.Resolver;

/// <summary>The resource record types RFC 3263 needs (RFC 1035 §3.2.2, RFC 3596, RFC 2782, RFC 3403).</summary>
public enum DnsRecordType : ushort
{
    /// <summary>IPv4 address (RFC 1035).</summary>
    A = 1,

    /// <summary>Canonical name (RFC 1035); followed by resolvers, skipped here.</summary>
    Cname = 5,

    /// <summary>IPv6 address (RFC 3596).</summary>
    Aaaa = 28,

    /// <summary>Service location (RFC 2782).</summary>
    Srv = 33,

    /// <summary>Naming authority pointer (RFC 3403).</summary>
    Naptr = 35,
}
