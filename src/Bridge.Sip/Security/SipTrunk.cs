namespace Bridge.Sip.Security;

/// <summary>
/// A declared trunk as the request guard sees it (issue 12): its own message budget instead of the per-address one,
/// and flood bans per caller behind it (the caller is the RFC 3325 asserted identity when
/// <see cref="TrustIdentity"/>, else the From user), so one flooding caller does not cut off the whole PBX.
/// </summary>
public sealed record SipTrunk
{
    /// <summary>Messages budgeted per call per second when the trunk's message rate is derived from its call rate.</summary>
    public const int MessagesPerCall = 20;

    /// <summary>The trunk's name, for logs and as the key of its counters.</summary>
    public required string Name { get; init; }

    /// <summary>New calls per second the trunk may send; 0 = no own limit (the message budget is then
    /// <see cref="MessagesPerCall"/> times the per-source rate).</summary>
    public double CallsPerSecond { get; init; }

    /// <summary>Whether the trunk's P-Asserted-Identity names the caller.</summary>
    public bool TrustIdentity { get; init; }
}
