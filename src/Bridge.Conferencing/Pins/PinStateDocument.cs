namespace Bridge.Conferencing.Pins;

/// <summary>
/// The persisted counters. Sources are stored under a SHA-256 key of (IP, From user); only the IP and the
/// masked user are kept in clear, so the file does not hold full caller numbers.
/// </summary>
internal sealed class PinStateDocument
{
    public int Version { get; set; } = 1;

    public List<SourceEntry> Sources { get; set; } = [];

    public List<RoomEntry> Rooms { get; set; } = [];

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
    }
}
