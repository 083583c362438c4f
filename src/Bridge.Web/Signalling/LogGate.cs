namespace Bridge.Web.Signalling;

/// <summary>
/// Logs each kind of bad input once per interval, with how many were left out since: a flood of junk sockets must not
/// become a flood of log lines (issue 9 "Bad input": logged once, rate-limited). Shared by all sockets.
/// </summary>
internal sealed class LogGate(TimeProvider time, TimeSpan interval)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (long Last, int Suppressed)> _kinds = new(StringComparer.Ordinal);

    /// <summary>True when a line for <paramref name="kind"/> may be written now; <paramref name="suppressed"/> counts those left out.</summary>
    public bool TryEnter(string kind, out int suppressed)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            if (_kinds.TryGetValue(kind, out var state) && time.GetElapsedTime(state.Last, now) < interval)
            {
                _kinds[kind] = (state.Last, state.Suppressed + 1);
                suppressed = 0;
                return false;
            }

            suppressed = state.Suppressed;
            _kinds[kind] = (now, 0);
            return true;
        }
    }
}
