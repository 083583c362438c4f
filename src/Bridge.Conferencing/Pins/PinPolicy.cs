using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Bridge.Conferencing.Pins;

/// <summary>
/// Counts wrong PINs across calls, per source (IP + From user), per IP address and per room, locks sources and
/// addresses out, and guards rooms under attack (slow answers, participant PINs only from known sources). Every failure and lockout is logged as a <c>SECURITY</c> line with a fixed format
/// (IP in clear for fail2ban, user masked, never the digits). Thread-safe; state survives restarts.
/// </summary>
public sealed partial class PinPolicy : IDisposable
{
    /// <summary>Longest time a failure waits before it is on disk.</summary>
    internal static readonly TimeSpan SaveDelay = TimeSpan.FromSeconds(1);

    private readonly PinPolicyOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, PinStateDocument.SourceEntry> _sources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PinStateDocument.RoomEntry> _rooms = new(StringComparer.Ordinal);
    private readonly Lock _writeLock = new();
    private ITimer? _saveTimer;
    private long _snapshotVersion;
    private long _writtenVersion;

    /// <summary>Creates the policy and loads persisted counters from <see cref="PinPolicyOptions.StateFile"/> if it exists.</summary>
    public PinPolicy(PinPolicyOptions options, TimeProvider timeProvider, ILogger<PinPolicy> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _time = timeProvider;
        _logger = logger;
        LoadState();
    }

    /// <summary>Raised (outside the policy's lock) when a room enters slow mode.</summary>
    public event EventHandler<PinAlertEventArgs>? RoomAlert;

    /// <summary>
    /// Asks before checking a PIN: a locked-out source or address gets <see cref="PinGate.LockedOut"/> (and a security
    /// log line); a room under attack gets a delay, and a source new to it <see cref="PinGate.ModeratorOnly"/>.
    /// </summary>
    public PinGate Check(CallerSource source, string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var key = KeyOf(source);
            if ((_sources.TryGetValue(key, out var entry) && entry.LockedUntil is { } until && until > now)
                || (!IsTrusted(source) && AddressLockedUntil(Normalize(source.Address), now) is not null))
            {
                LogLockedAttempt(_logger, IpOf(source), source.MaskedUser, room);
                return new PinGate(true, TimeSpan.Zero);
            }

            var slow = UnderAttack(room, now, out var roomEntry);
            return new PinGate(false, slow ? _options.SlowModeDelay : TimeSpan.Zero, slow && !IsKnown(roomEntry!, key, now));
        }
    }

    /// <summary>Records a wrong PIN; may lock the source out and put the room in slow mode.</summary>
    public PinFailureOutcome RecordFailure(CallerSource source, string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        PinFailureOutcome outcome;
        PinAlertEventArgs? alert = null;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var key = KeyOf(source);
            if (!_sources.TryGetValue(key, out var entry))
            {
                entry = new PinStateDocument.SourceEntry { Key = key, Ip = IpOf(source), User = source.MaskedUser };
                _sources.Add(key, entry);
            }

            Prune(entry.Failures, now - _options.SourceWindow);
            entry.Failures.Add(now);
            var count = entry.Failures.Count;
            LogFailure(_logger, entry.Ip, entry.User, room, count);

            var lockedOut = false;
            if (count >= _options.SourceFailureLimit)
            {
                entry.LockedUntil = now + _options.SourceLockout;
                entry.Failures.Clear();
                lockedOut = true;
                LogLockout(_logger, entry.Ip, entry.User, room, count, (int)_options.SourceLockout.TotalMinutes);
            }

            lockedOut |= RecordAddressFailure(source, room, now);

            if (!_rooms.TryGetValue(room, out var roomEntry))
            {
                roomEntry = new PinStateDocument.RoomEntry { Room = room };
                _rooms.Add(room, roomEntry);
            }

            Prune(roomEntry.Failures, now - _options.RoomWindow);
            roomEntry.Failures.Add(now);
            if (roomEntry.Failures.Count > _options.RoomFailureLimit)
            {
                roomEntry.Failures.RemoveAt(0); // the newest RoomFailureLimit entries decide slow mode
            }

            var slow = roomEntry.Failures.Count >= _options.RoomFailureLimit;
            if (slow && !roomEntry.SlowMode)
            {
                LogSlowMode(_logger, room, roomEntry.Failures.Count, (int)_options.RoomWindow.TotalMinutes);
                alert = new PinAlertEventArgs(room, roomEntry.Failures.Count, now);
            }

            roomEntry.SlowMode = slow;
            outcome = new PinFailureOutcome(count, lockedOut, slow);
            CountFailure(lockedOut);
            TrimSources(now);
            TrimAddresses(now);
            ScheduleSave();
        }

        if (alert is not null)
        {
            RoomAlert?.Invoke(this, alert);
        }

        return outcome;
    }

    /// <summary>
    /// A right PIN clears the source's failure count (not an active lockout, and not its address's count: one known PIN
    /// must not buy an address more guesses) and makes the source known to the room.
    /// </summary>
    public void RecordSuccess(CallerSource source, string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        lock (_lock)
        {
            var key = KeyOf(source);
            if (_sources.TryGetValue(key, out var entry) && entry.Failures.Count > 0)
            {
                entry.Failures.Clear();
                if (entry.LockedUntil is null)
                {
                    _sources.Remove(entry.Key);
                }
            }

            RememberKnown(room, key, _time.GetUtcNow());
            ScheduleSave();
        }
    }

    /// <summary>True while <paramref name="source"/> is locked out (admin pages, tests).</summary>
    public bool IsLockedOut(CallerSource source)
    {
        lock (_lock)
        {
            return _sources.TryGetValue(KeyOf(source), out var entry) && entry.LockedUntil is { } until && until > _time.GetUtcNow();
        }
    }

    private static string KeyOf(CallerSource source)
    {
        // Behind a declared trunk the caller is the trunk plus its user: the PBX may send from several addresses.
        var text = (source.Trunk is { } trunk ? "trunk:" + trunk : IpOf(source)) + "\n" + source.User;
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return Convert.ToHexString(hash[..16]);
    }

    private static string IpOf(CallerSource source) =>
        (source.Address.IsIPv4MappedToIPv6 ? source.Address.MapToIPv4() : source.Address).ToString();

    private static int CountWithin(List<DateTimeOffset> failures, DateTimeOffset since)
    {
        var count = 0;
        foreach (var at in failures)
        {
            if (at > since)
            {
                count++;
            }
        }

        return count;
    }

    private static void Prune(List<DateTimeOffset> failures, DateTimeOffset since) => failures.RemoveAll(at => at <= since);

    private void TrimSources(DateTimeOffset now)
    {
        if (_sources.Count <= _options.MaxTrackedSources)
        {
            return;
        }

        var since = now - _options.SourceWindow;
        foreach (var entry in _sources.Values.ToList())
        {
            Prune(entry.Failures, since);
            if (entry.Failures.Count == 0 && (entry.LockedUntil is null || entry.LockedUntil <= now))
            {
                _sources.Remove(entry.Key);
            }
        }

        if (_sources.Count > _options.MaxTrackedSources)
        {
            foreach (var entry in _sources.Values
                .Where(e => e.LockedUntil is null || e.LockedUntil <= now)
                .OrderBy(e => e.Failures.Count == 0 ? DateTimeOffset.MinValue : e.Failures[^1])
                .Take(_sources.Count - _options.MaxTrackedSources)
                .ToList())
            {
                _sources.Remove(entry.Key);
            }
        }
    }

    private void LoadState()
    {
        if (_options.StateFile is not { } path || !File.Exists(path))
        {
            return;
        }

        try
        {
            var doc = JsonSerializer.Deserialize<PinStateDocument>(File.ReadAllBytes(path));
            if (doc is null)
            {
                return;
            }

            foreach (var source in doc.Sources.Where(s => s.Key.Length > 0))
            {
                _sources[source.Key] = source;
            }

            foreach (var room in doc.Rooms.Where(r => r.Room.Length > 0))
            {
                _rooms[room.Room] = room;
            }

            foreach (var address in (doc.Addresses ?? []).Where(a => a.Ip.Length > 0))
            {
                _addresses[address.Ip] = address;
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            LogStateUnreadable(_logger, path, ex.Message);
        }
    }

    /// <summary>Writes pending counters to the state file now (call on shutdown; <see cref="Dispose"/> does).</summary>
    public void Flush()
    {
        if (_options.StateFile is not { } path)
        {
            return;
        }

        byte[] json;
        long version;
        lock (_lock)
        {
            version = ++_snapshotVersion;
            _saveTimer?.Dispose();
            _saveTimer = null;
            var now = _time.GetUtcNow();
            var doc = new PinStateDocument
            {
                Sources = [.. _sources.Values.Where(s => s.Failures.Count > 0 || s.LockedUntil > now)],
                Rooms = [.. _rooms.Values.Where(r => r.Failures.Count > 0 || r.Known.Count > 0)],
                Addresses = [.. _addresses.Values.Where(a => a.Failures.Count > 0 || a.LockedUntil > now)],
            };
            json = JsonSerializer.SerializeToUtf8Bytes(doc);
        }

        lock (_writeLock)
        {
            if (version > _writtenVersion) // a slower flush must not overwrite a newer snapshot
            {
                WriteAtomically(path, json);
                _writtenVersion = version;
            }
        }
    }

    /// <summary>Writes any pending state.</summary>
    public void Dispose() => Flush();

    /// <summary>
    /// Coalesces writes: at most one per <see cref="SaveDelay"/>, off the caller's thread, so an attack
    /// that produces many failures never makes callers wait for the disk. Called under <see cref="_lock"/>.
    /// </summary>
    private void ScheduleSave()
    {
        if (_options.StateFile is null || _saveTimer is not null)
        {
            return;
        }

        _saveTimer = _time.CreateTimer(static state => ((PinPolicy)state!).Flush(), this, SaveDelay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Writes a temporary file, flushes it and renames it over the old one, so a crash never leaves half a file.</summary>
    private void WriteAtomically(string path, byte[] json)
    {
        var temp = path + ".tmp";
        try
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir is not null)
            {
                Directory.CreateDirectory(dir);
            }

            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(json);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogStateUnwritable(_logger, path, ex.Message);
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "SECURITY pin-failure source={SourceIp:l} user={User:l} room={Room:l} count={Count}")]
    private static partial void LogFailure(ILogger logger, string sourceIp, string user, string room, int count);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "SECURITY pin-lockout source={SourceIp:l} user={User:l} room={Room:l} count={Count} minutes={Minutes}")]
    private static partial void LogLockout(ILogger logger, string sourceIp, string user, string room, int count, int minutes);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "SECURITY pin-locked-out source={SourceIp:l} user={User:l} room={Room:l}")]
    private static partial void LogLockedAttempt(ILogger logger, string sourceIp, string user, string room);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Error, Message = "SECURITY room-slow-mode room={Room:l} failures={Failures} window-minutes={Minutes}")]
    private static partial void LogSlowMode(ILogger logger, string room, int failures, int minutes);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "PIN failure state {Path} unreadable, starting empty: {Reason}")]
    private static partial void LogStateUnreadable(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Error, Message = "PIN failure state {Path} could not be written: {Reason}")]
    private static partial void LogStateUnwritable(ILogger logger, string path, string reason);
}
