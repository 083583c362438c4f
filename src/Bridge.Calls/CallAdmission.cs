using System.Net;

namespace Bridge.Calls;

/// <summary>
/// Concurrent-call limits (issue #5): at most <see cref="CallsOptions.MaxCallsPerSource"/> calls from one source
/// address and <see cref="CallsOptions.MaxCalls"/> in total, counted from the INVITE until the session ends, so
/// calls still being set up count too. Beyond them a new INVITE gets 503 (RFC 3261 §21.5.4).
/// </summary>
internal sealed partial class CallAdmission(int maxCallsPerSource, int maxCalls)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, int> _perSource = [];
    private int _total;

    private int MaxCalls => maxCalls;

    private int MaxCallsPerSource => maxCallsPerSource;

    /// <summary>Calls counted right now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    /// <summary>Counts a new call from <paramref name="source"/>; false (nothing counted) when a limit is reached.</summary>
    public bool TryAdmit(IPAddress source)
    {
        lock (_gate)
        {
            if (_total >= maxCalls)
            {
                return false;
            }

            _perSource.TryGetValue(source, out var count);
            if (count >= maxCallsPerSource)
            {
                return false;
            }

            _perSource[source] = count + 1;
            _total++;
            return true;
        }
    }

    /// <summary>Forgets one call of <paramref name="source"/> admitted before.</summary>
    public void Release(IPAddress source)
    {
        lock (_gate)
        {
            if (!_perSource.TryGetValue(source, out var count))
            {
                return;
            }

            if (count <= 1)
            {
                _perSource.Remove(source);
            }
            else
            {
                _perSource[source] = count - 1;
            }

            _total--;
        }
    }
}
