namespace Bridge.Conferencing.Pins;

/// <summary>
/// The persisted counters. Sources are stored under a SHA-256 key of (IP, From user); only the IP and the
/// masked user are kept in clear, so the file does not hold full caller numbers. Addresses count failures per IP
/// across users; rooms remember which sources recently entered a right PIN.
/// </summary>
internal sealed class PinStateDocument
{
    public int Version { get; set; } = 1;

    public List<SourceEntry> Sources { get; set; } = [];

    public List<RoomEntry> Rooms { get; set; } = [];

    /// <summary>Wrong PINs per IP address across all From users (issue #8); absent in files written before it.</summary>
    public List<AddressEntry> Addresses { get; set; } = [];

    internal sealed class SourceEntry
    {
        public string Key { get; set; } = string.Empty;

        public string Ip { get; set; } = string.Empty;

        public string User { get; set; } = string.Empty;

        public List<DateTimeOffset> Failures { get; set; } = [];

        public DateTimeOffset? LockedUntil { get; set; }
    }

    internal sealed class RoomEntry
    {
        public string Room { get; set; } = string.Empty;

        public List<DateTimeOffset> Failures { get; set; } = [];

        public bool SlowMode { get; set; }

        /// <summary>Sources (keys as in <see cref="SourceEntry.Key"/>) that entered a right PIN recently: not "new" under attack.</summary>
        public List<KnownSource> Known { get; set; } = [];
    }

    internal sealed class KnownSource
    {
        public string Key { get; set; } = string.Empty;

        public DateTimeOffset At { get; set; }
    }

    internal sealed class AddressEntry
    {
        public string Ip { get; set; } = string.Empty;

        public List<DateTimeOffset> Failures { get; set; } = [];

        public DateTimeOffset? LockedUntil { get; set; }
    }
}
