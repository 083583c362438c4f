using System.Net;
using Microsoft.Extensions.Logging;

namespace Bridge.Conferencing.Pins;

/// <summary>
/// The per-address limit of <see cref="PinPolicy"/>: wrong PINs from one IP across all From users. A caller chooses its
/// From user, so the per-(IP, user) lockout alone lets one address guess forever by rotating users; after
/// <see cref="PinPolicyOptions.AddressFailureLimit"/> failures in <see cref="PinPolicyOptions.AddressWindow"/> the address
/// gets no PIN checks for <see cref="PinPolicyOptions.AddressLockout"/>. Declared PBX addresses
/// (<see cref="PinPolicyOptions.TrustedPbxAddresses"/>) and calls through a dial plan trunk (<see cref="CallerSource.Trunk"/>)
/// are exempt: their callers count per caller identity only.
/// All methods here run under the policy's lock.
/// </summary>
public sealed partial class PinPolicy
{
    private readonly Dictionary<string, PinStateDocument.AddressEntry> _addresses = new(StringComparer.Ordinal);

    /// <summary>True while <paramref name="address"/> gets no PIN checks (admin pages, tests).</summary>
    public bool IsAddressLockedOut(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        lock (_lock)
        {
            return AddressLockedUntil(Normalize(address), _time.GetUtcNow()) is not null;
        }
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private bool IsTrusted(CallerSource source) =>
        source.Trunk is not null || (_options.TrustedPbxAddresses.Count > 0 && _options.TrustedPbxAddresses.Contains(Normalize(source.Address)));

    private DateTimeOffset? AddressLockedUntil(IPAddress address, DateTimeOffset now) =>
        _addresses.TryGetValue(address.ToString(), out var entry) && entry.LockedUntil is { } until && until > now ? until : null;

    /// <summary>Counts a wrong PIN against the caller's address; true when this failure locked the address out.</summary>
    private bool RecordAddressFailure(CallerSource source, string room, DateTimeOffset now)
    {
        if (IsTrusted(source))
        {
            return false;
        }

        var ip = IpOf(source);
        if (!_addresses.TryGetValue(ip, out var entry))
        {
            entry = new PinStateDocument.AddressEntry { Ip = ip };
            _addresses.Add(ip, entry);
        }

        Prune(entry.Failures, now - _options.AddressWindow);
        entry.Failures.Add(now);
        if (entry.Failures.Count < _options.AddressFailureLimit)
        {
            return false;
        }

        var count = entry.Failures.Count;
        entry.LockedUntil = now + _options.AddressLockout;
        entry.Failures.Clear();
        LogAddressLockout(_logger, ip, source.MaskedUser, room, count, (int)_options.AddressLockout.TotalMinutes);
        return true;
    }

    /// <summary>Drops idle addresses once more are tracked than sources may be.</summary>
    private void TrimAddresses(DateTimeOffset now)
    {
        if (_addresses.Count <= _options.MaxTrackedSources)
        {
            return;
        }

        var since = now - _options.AddressWindow;
        foreach (var entry in _addresses.Values.ToList())
        {
            Prune(entry.Failures, since);
            if (entry.Failures.Count == 0 && (entry.LockedUntil is null || entry.LockedUntil <= now))
            {
                _addresses.Remove(entry.Ip);
            }
        }
    }

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "SECURITY pin-address-lockout source={SourceIp:l} user={User:l} room={Room:l} count={Count} minutes={Minutes}")]
    private static partial void LogAddressLockout(ILogger logger, string sourceIp, string user, string room, int count, int minutes);
}
