namespace Bridge.Web.Signalling;

/// <summary>A token bucket per socket: <c>burst</c> messages at once, refilled at <c>perSecond</c>. One reader only.</summary>
internal sealed class MessageRateLimiter(TimeProvider time, double perSecond, int burst)
{
    private double _tokens = burst;
    private long _last = time.GetTimestamp();

    /// <summary>Takes one token; false when the socket sends faster than allowed.</summary>
    public bool TryTake()
    {
        var now = time.GetTimestamp();
        _tokens = Math.Min(burst, _tokens + time.GetElapsedTime(_last, now).TotalSeconds * perSecond);
        _last = now;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }
}
