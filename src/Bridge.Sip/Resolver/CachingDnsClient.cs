namespace Bridge.Sip.Resolver;

/// <summary>
/// Keeps answers for as long as their records' TTL allows (RFC 1035 §3.2.1 and §7.4: the smallest TTL of the answer and
/// additional records, at most <see cref="MaxTtl"/>; a TTL of 0 is not kept). An answer without records (the name or the
/// type does not exist) is kept for <see cref="NegativeTtl"/> (RFC 2308 would take the SOA minimum, which we do not read);
/// no answer at all is not kept. At most <see cref="Capacity"/> entries: the expired ones go first, then the one closest to
/// expiry. Lookups hold a lock only around the table, never across a query.
/// </summary>
public sealed class CachingDnsClient : IDnsClient
{
    private readonly IDnsClient _inner;
    private readonly TimeProvider _time;
    private readonly Dictionary<(string Name, DnsRecordType Type), (DnsMessage Message, DateTimeOffset Expires)> _entries = [];
    private readonly Lock _gate = new();

    public CachingDnsClient(IDnsClient inner, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(time);
        _inner = inner;
        _time = time;
    }

    /// <summary>Most entries kept.</summary>
    public int Capacity { get; init; } = 256;

    /// <summary>Longest time an answer is kept, whatever its TTL says.</summary>
    public TimeSpan MaxTtl { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long an answer without records is kept.</summary>
    public TimeSpan NegativeTtl { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Entries held now (expired ones included until they are dropped).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public async Task<DnsMessage?> QueryAsync(string name, DnsRecordType type, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = (name.TrimEnd('.').ToLowerInvariant(), type);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                if (entry.Expires > now)
                {
                    return entry.Message;
                }

                _entries.Remove(key);
            }
        }

        var answer = await _inner.QueryAsync(name, type, ct).ConfigureAwait(false);
        if (answer is not null && TimeToKeep(answer) is { } ttl && ttl > TimeSpan.Zero)
        {
            Store(key, answer, _time.GetUtcNow() + ttl);
        }

        return answer;
    }

    /// <summary>The smallest TTL of the records, capped; <see cref="NegativeTtl"/> for an answer without any; null for a
    /// failure answer (RCODE other than 0 and 3) or a truncated one.</summary>
    private TimeSpan? TimeToKeep(DnsMessage answer)
    {
        if (answer.Truncated || answer.ResponseCode is not (0 or 3))
        {
            return null;
        }

        var records = answer.Answers.Concat(answer.Additionals).ToList();
        if (records.Count == 0)
        {
            return NegativeTtl;
        }

        var ttl = TimeSpan.FromSeconds(records.Min(r => r.Ttl));
        return ttl < MaxTtl ? ttl : MaxTtl;
    }

    private void Store((string, DnsRecordType) key, DnsMessage answer, DateTimeOffset expires)
    {
        lock (_gate)
        {
            if (!_entries.ContainsKey(key) && _entries.Count >= Capacity)
            {
                var now = _time.GetUtcNow();
                foreach (var expired in _entries.Where(e => e.Value.Expires <= now).Select(e => e.Key).ToList())
                {
                    _entries.Remove(expired);
                }

                if (_entries.Count >= Capacity)
                {
                    _entries.Remove(_entries.MinBy(e => e.Value.Expires).Key);
                }
            }

            _entries[key] = (answer, expires);
        }
    }
}
