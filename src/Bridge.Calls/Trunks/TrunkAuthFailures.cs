using System.Net;

namespace Bridge.Calls.Trunks;

/// <summary>
/// Wrong trunk credentials counted per source address, like wrong PINs (issue 12): <see cref="Limit"/> failures within
/// <see cref="Window"/> and the address gets 403 without a check for <see cref="Lockout"/>. Thread-safe, bounded.
/// </summary>
internal sealed class TrunkAuthFailures(TimeProvider time)
{
    internal const int Limit = 5;
    internal const int MaxTracked = 16384;
    internal static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    internal static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);

    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, Entry> _entries = [];

    /// <summary>Whether <paramref name="source"/> is locked out now.</summary>
    public bool IsLockedOut(IPAddress source)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            return _entries.TryGetValue(Normalize(source), out var entry) && entry.LockedUntil > now;
        }
    }

    /// <summary>Counts one failure; returns the count in the window and whether this one locked the source out.</summary>
    public (int Count, bool LockedOut) Record(IPAddress source)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var key = Normalize(source);
            if (!_entries.TryGetValue(key, out var entry))
            {
                if (_entries.Count >= MaxTracked)
                {
                    Trim(now);
                }

                entry = new Entry();
                _entries[key] = entry;
            }

            entry.Failures.RemoveAll(at => at <= now - Window);
            entry.Failures.Add(now);
            var count = entry.Failures.Count;
            if (count < Limit)
            {
                return (count, false);
            }

            entry.Failures.Clear();
            entry.LockedUntil = now + Lockout;
            return (count, true);
        }
    }

    private void Trim(DateTimeOffset now)
    {
        foreach (var (address, entry) in _entries.ToList())
        {
            if (entry.LockedUntil <= now && entry.Failures.TrueForAll(at => at <= now - Window))
            {
                _entries.Remove(address);
            }
        }
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private sealed class Entry
    {
        public List<DateTimeOffset> Failures { get; } = [];

        public DateTimeOffset LockedUntil { get; set; }
    }
}
