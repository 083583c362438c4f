namespace Bridge.Sip.Resolver;

/// <summary>A parsed DNS response (RFC 1035 §4.1): its id, flags, and the answer and additional records we can read.</summary>
public sealed record DnsMessage(ushort Id, bool IsResponse, bool Truncated, int ResponseCode, IReadOnlyList<DnsRecord> Answers, IReadOnlyList<DnsRecord> Additionals)
{
    /// <summary>RCODE 3: the name does not exist.</summary>
    public bool NameError => ResponseCode == 3;
}
