using System.Collections.Concurrent;
using System.Net;

namespace Bridge.Web.Api.Auth;

/// <summary>
/// Counts failed authentications per client address in fixed windows; an address over the limit is refused (429) for the rest
/// of its window, whatever it sends, so tokens cannot be guessed at speed. Thread-safe; old windows are dropped as the table grows.
/// </summary>
public sealed class AuthFailureLimiter(int maxFailures, TimeSpan window, TimeProvider time)
{
    private const int PruneAbove = 10_000;
    private readonly ConcurrentDictionary<IPAddress, Counter> _counters = new();

    /// <summary>When the address is refused now, how long until it may try again; null when it may.</summary>
    public TimeSpan? RetryAfter(IPAddress? address)
    {
        if (address is null || !_counters.TryGetValue(address, out var counter))
        {
            return null;
        }

        var now = time.GetUtcNow();
        lock (counter)
        {
            var end = counter.WindowStart + window;
            return counter.Failures >= maxFailures && now < end ? end - now : null;
        }
    }

    /// <summary>Counts a failed authentication from <paramref name="address"/>.</summary>
    public void Fail(IPAddress? address)
    {
        if (address is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (_counters.Count > PruneAbove)
        {
            Prune(now);
        }

        var counter = _counters.GetOrAdd(address, static (_, start) => new Counter { WindowStart = start }, now);
        lock (counter)
        {
            if (now >= counter.WindowStart + window)
            {
                counter.WindowStart = now;
                counter.Failures = 0;
            }

            counter.Failures++;
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (address, counter) in _counters)
        {
            if (now >= counter.WindowStart + window)
            {
                _counters.TryRemove(address, out _);
            }
        }
    }

    private sealed class Counter
    {
        public DateTimeOffset WindowStart { get; set; }

        public int Failures { get; set; }
    }
}
