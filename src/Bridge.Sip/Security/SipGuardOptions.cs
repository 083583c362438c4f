namespace Bridge.Sip.Security;

/// <summary>
/// Scanner and flood defence of a <see cref="Stack.SipEndpoint"/> (issue #5): a token bucket per source address
/// (over the limit: drop silently and ban for <see cref="BanDuration"/>), and requests whose User-Agent names a
/// known scanner dropped silently. Concurrent-call limits live where calls are accepted (Bridge.Calls).
/// </summary>
public sealed record SipGuardOptions
{
    /// <summary>User-Agent substrings of well-known SIP scanners (compared ignoring case).</summary>
    public static IReadOnlyList<string> DefaultScannerUserAgents { get; } =
    [
        "friendly-scanner", "sipvicious", "sipcli", "VaxSIPUserAgent", "pplsip", "sip-scan", "sipscan",
        "iWar", "SIVuS", "sundayddr", "siparmyknife", "smap", "Gulp",
    ];

    /// <summary>False turns the whole guard off (every message passes).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Sustained rate of messages (requests and responses, counted on the raw datagram or frame) allowed per source address.</summary>
    public double RequestsPerSecond { get; init; } = 50;

    /// <summary>Bucket size: messages a source may send at once before <see cref="RequestsPerSecond"/> applies.</summary>
    public int Burst { get; init; } = 100;

    /// <summary>How long a source that exceeded its bucket is ignored.</summary>
    public TimeSpan BanDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Drop requests whose User-Agent contains one of <see cref="ScannerUserAgents"/>.</summary>
    public bool DropScanners { get; init; } = true;

    /// <summary>User-Agent substrings that identify a scanner.</summary>
    public IReadOnlyList<string> ScannerUserAgents { get; init; } = DefaultScannerUserAgents;

    /// <summary>Source addresses tracked individually; beyond this (idle entries are swept first) new sources share one bucket.</summary>
    public int MaxTrackedSources { get; init; } = 16384;

    /// <summary>At most this many SECURITY log lines per minute, so a flood cannot flood the log.</summary>
    public int MaxSecurityLogLinesPerMinute { get; init; } = 60;

    /// <summary>Throws <see cref="ArgumentException"/> for values that cannot work.</summary>
    public void Validate()
    {
        if (!(RequestsPerSecond > 0) || double.IsInfinity(RequestsPerSecond))
        {
            throw new ArgumentException("RequestsPerSecond must be a positive number.", nameof(RequestsPerSecond));
        }

        if (Burst < 1)
        {
            throw new ArgumentException("Burst must be at least 1.", nameof(Burst));
        }

        if (BanDuration < TimeSpan.Zero)
        {
            throw new ArgumentException("BanDuration cannot be negative.", nameof(BanDuration));
        }

        if (MaxTrackedSources < 1)
        {
            throw new ArgumentException("MaxTrackedSources must be at least 1.", nameof(MaxTrackedSources));
        }

        if (MaxSecurityLogLinesPerMinute < 0)
        {
            throw new ArgumentException("MaxSecurityLogLinesPerMinute cannot be negative.", nameof(MaxSecurityLogLinesPerMinute));
        }
    }
}
