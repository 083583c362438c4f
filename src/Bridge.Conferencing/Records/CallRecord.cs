namespace Bridge.Conferencing.Records;

/// <summary>
/// The minimal record of one call (issue 13): what an accountant needs and nothing more about the caller than its masked
/// number. No Call-ID, address or full number is kept.
/// </summary>
/// <param name="Id">A random id of the record (not the SIP Call-ID, which may name the caller's host).</param>
/// <param name="Room">The last room the call was in; null when it never got into one.</param>
/// <param name="StartedAt">When the INVITE arrived.</param>
/// <param name="EndedAt">When the call ended.</param>
/// <param name="Caller">The caller masked as in the logs (<c>***123</c>).</param>
/// <param name="Trunk">The PBX trunk it came through; null for direct calls.</param>
/// <param name="Transport">SIP transport: UDP, TCP or TLS.</param>
/// <param name="Codec">Audio codec; null when the call was not answered.</param>
/// <param name="Secure">True when the media was SRTP.</param>
/// <param name="LossPercent">Packets of the caller's audio lost over the whole call, in percent; null without media.</param>
/// <param name="JitterMs">Interarrival jitter at the end, in ms; null without media.</param>
/// <param name="RttMs">Last round-trip time; null when never measured.</param>
/// <param name="Mos">E-model MOS estimate over the call (docs/call-quality.md); null without media.</param>
/// <param name="EndReason">How it ended: remote_bye, local_bye, cancelled, rejected, session_expired, …</param>
public sealed record CallRecord(
    string Id,
    string? Room,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    string Caller,
    string? Trunk,
    string Transport,
    string? Codec,
    bool Secure,
    double? LossPercent,
    double? JitterMs,
    double? RttMs,
    double? Mos,
    string EndReason)
{
    /// <summary>The call's length in seconds.</summary>
    public double DurationSeconds => Math.Max(0, (EndedAt - StartedAt).TotalSeconds);
}
