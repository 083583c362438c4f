using System.Globalization;

namespace Bridge.Sip.Auth;

/// <summary>
/// The highest nonce-count seen per nonce (RFC 7616 §3.4, RFC 2617 §3.2.2: "if the same nc-value is seen twice, then the
/// request is a replay"): a count not above the last one accepted for that nonce is refused. Entries live as long as
/// their nonce is accepted; the table holds at most <see cref="Capacity"/> nonces, and when it is full of live ones a new
/// nonce is refused (its client is challenged again) rather than an old entry forgotten, which would let a replay in.
/// Thread-safe; the lock covers a dictionary look-up only.
/// </summary>
public sealed class DigestNonceCounts
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (uint Count, long Seen)> _counts = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    public DigestNonceCounts(TimeProvider time, TimeSpan lifetime, int capacity = 10_000)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _time = time;
        _lifetime = lifetime + TimeSpan.FromSeconds(5); // a nonce is accepted up to 5 s "from the future" (clock steps)
        Capacity = capacity;
    }

    /// <summary>Most nonces tracked at once.</summary>
    public int Capacity { get; }

    /// <summary>Nonces tracked now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _counts.Count;
            }
        }
    }

    /// <summary>Records <paramref name="nc"/> (8 hex digits) for <paramref name="nonce"/>; false when it is malformed, not
    /// higher than the last accepted count of that nonce (a replay), or the table is full.</summary>
    public bool TryAccept(string nonce, string? nc)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        if (nc is not { Length: 8 } || !uint.TryParse(nc, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var count) || count == 0)
        {
            return false;
        }

        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (_counts.TryGetValue(nonce, out var last))
            {
                if (count <= last.Count)
                {
                    return false;
                }

                _counts[nonce] = (count, last.Seen);
                return true;
            }

            if (_counts.Count >= Capacity)
            {
                Sweep(now);
                if (_counts.Count >= Capacity)
                {
                    return false;
                }
            }

            _counts[nonce] = (count, now);
            return true;
        }
    }

    private void Sweep(long now)
    {
        List<string>? expired = null;
        foreach (var (nonce, (_, seen)) in _counts)
        {
            if (_time.GetElapsedTime(seen, now) > _lifetime)
            {
                (expired ??= []).Add(nonce);
            }
        }

        foreach (var nonce in expired ?? [])
        {
            _counts.Remove(nonce);
        }
    }
}
