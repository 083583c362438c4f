using Bridge.DialPlans.Trunks;

namespace Bridge.Calls;

/// <summary>
/// Concurrent-call and call-rate limits of declared trunks (issue 12). A call through a trunk is counted against the
/// trunk's <c>limits.calls</c> and <c>limits.callsPerSecond</c> (a token bucket with one second of burst) and against
/// its caller (trunk + caller identity, at most <see cref="CallsOptions.MaxCallsPerSource"/>) instead of the trunk's
/// address; the bridge's total still applies.
/// </summary>
internal sealed partial class CallAdmission
{
    private readonly Dictionary<string, int> _perTrunk = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _perTrunkCaller = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (double Tokens, long At)> _trunkRate = new(StringComparer.Ordinal);

    /// <summary>Counts a new call through <paramref name="trunk"/> from <paramref name="caller"/> at
    /// <paramref name="timestamp"/> (ticks of <paramref name="frequency"/> per second); false (nothing counted) when a limit is reached.</summary>
    public bool TryAdmit(TrunkConfig trunk, string caller, long timestamp, long frequency)
    {
        ArgumentNullException.ThrowIfNull(trunk);
        var callerKey = trunk.Name + "\n" + caller;
        lock (_gate)
        {
            if (_total >= MaxCalls)
            {
                return false;
            }

            _perTrunk.TryGetValue(trunk.Name, out var trunkCalls);
            _perTrunkCaller.TryGetValue(callerKey, out var callerCalls);
            if ((trunk.MaxCalls > 0 && trunkCalls >= trunk.MaxCalls) || callerCalls >= MaxCallsPerSource)
            {
                return false;
            }

            if (trunk.CallsPerSecond > 0)
            {
                var burst = Math.Max(1, trunk.CallsPerSecond);
                var (tokens, at) = _trunkRate.TryGetValue(trunk.Name, out var bucket) ? bucket : (burst, timestamp);
                tokens = Math.Min(burst, tokens + ((timestamp - at) * trunk.CallsPerSecond / frequency));
                if (tokens < 1)
                {
                    _trunkRate[trunk.Name] = (tokens, timestamp);
                    return false;
                }

                _trunkRate[trunk.Name] = (tokens - 1, timestamp);
            }

            _perTrunk[trunk.Name] = trunkCalls + 1;
            _perTrunkCaller[callerKey] = callerCalls + 1;
            _total++;
            return true;
        }
    }

    /// <summary>Forgets one call through <paramref name="trunk"/> admitted before.</summary>
    public void Release(TrunkConfig trunk, string caller)
    {
        ArgumentNullException.ThrowIfNull(trunk);
        lock (_gate)
        {
            if (!Decrement(_perTrunk, trunk.Name))
            {
                return;
            }

            Decrement(_perTrunkCaller, trunk.Name + "\n" + caller);
            _total--;
        }
    }

    /// <summary>Calls counted through <paramref name="trunk"/> now (tests, status).</summary>
    public int CountThrough(string trunk)
    {
        lock (_gate)
        {
            return _perTrunk.TryGetValue(trunk, out var count) ? count : 0;
        }
    }

    private static bool Decrement(Dictionary<string, int> counts, string key)
    {
        if (!counts.TryGetValue(key, out var count))
        {
            return false;
        }

        if (count <= 1)
        {
            counts.Remove(key);
        }
        else
        {
            counts[key] = count - 1;
        }

        return true;
    }
}
