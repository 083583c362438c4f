namespace Bridge.Sip.Resolver;

/// <summary>NAPTR RDATA (RFC 3403 §4.1): lower order first, then lower preference; for SIP (RFC 3263 §4.1) flags "s",
/// services such as "SIP+D2U", and a replacement naming the SRV record.</summary>
public sealed record DnsNaptr(ushort Order, ushort Preference, string Flags, string Services, string Regexp, string Replacement);
