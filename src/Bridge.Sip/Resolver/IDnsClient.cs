namespace Bridge.Sip.Resolver;

/// <summary>Asks one question (RFC 1035); tests answer with packets built by hand.</summary>
public interface IDnsClient
{
    /// <summary>The answer, or null when none came or it was unreadable.</summary>
    Task<DnsMessage?> QueryAsync(string name, DnsRecordType type, CancellationToken ct);
}
