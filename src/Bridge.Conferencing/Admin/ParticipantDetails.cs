namespace Bridge.Conferencing.Admin;

/// <summary>
/// What the admin API shows of a participant beyond its <see cref="Roster.RosterEntry"/>: media and quality, read live.
/// </summary>
/// <param name="Id">The participant's id (the roster entry's).</param>
/// <param name="Codec">The audio codec's encoding name (PCMU, PCMA, G722, opus).</param>
/// <param name="Transport">How the media travels: <c>rtp</c>, <c>srtp</c>, or <c>webrtc</c>.</param>
/// <param name="Secure">True when the media is encrypted (SRTP, RFC 3711).</param>
/// <param name="Talking">True while the mixer hears the participant speak.</param>
/// <param name="Quality">The quality figures now; null before any media was received.</param>
public sealed record ParticipantDetails(string Id, string Codec, string Transport, bool Secure, bool Talking, ParticipantQuality? Quality);
