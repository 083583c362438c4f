namespace Bridge.Sip.Resolver;

/// <summary>SRV RDATA (RFC 2782): lower priority first; among equals, weight shares the load. Target "." means "no such service".</summary>
public sealed record DnsSrv(ushort Priority, ushort Weight, ushort Port, string Target);
