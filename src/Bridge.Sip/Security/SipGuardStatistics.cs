namespace Bridge.Sip.Security;

/// <summary>Counters of the SIP guard since start (for metrics).</summary>
/// <param name="Dropped">Messages dropped for rate or ban.</param>
/// <param name="ScannerDropped">Requests dropped for a scanner User-Agent.</param>
/// <param name="Bans">Bans imposed.</param>
/// <param name="TrackedSources">Source addresses tracked right now.</param>
/// <param name="SuppressedLogLines">SECURITY log lines not written because of the log rate limit.</param>
public readonly record struct SipGuardStatistics(long Dropped, long ScannerDropped, long Bans, int TrackedSources, long SuppressedLogLines);
