using Bridge.Conferencing.Admin;

namespace Bridge.Web.Api.Models;

/// <summary>A participant in the API (issue 13's shape): the roster entry plus media details and quality.</summary>
/// <param name="Id">Participant id (for a phone, its SIP Call-ID).</param>
/// <param name="Label">Masked number (<c>Phone ***123</c>) or the browser's name; never a full number.</param>
/// <param name="Kind"><c>phone</c> or <c>browser</c>.</param>
/// <param name="Role"><c>participant</c> or <c>moderator</c>.</param>
/// <param name="Codec">Audio codec (PCMU, PCMA, G722, opus); null when unknown.</param>
/// <param name="Transport"><c>rtp</c>, <c>srtp</c> or <c>webrtc</c>; null when unknown.</param>
/// <param name="Secure">True when the media is encrypted.</param>
/// <param name="Muted">Muted in the mix.</param>
/// <param name="Talking">Speaking now.</param>
/// <param name="JoinedAt">When it joined the room.</param>
/// <param name="Quality">Quality now; null before media arrived.</param>
public sealed record ParticipantModel(
    string Id,
    string Label,
    string Kind,
    string Role,
    string? Codec,
    string? Transport,
    bool Secure,
    bool Muted,
    bool Talking,
    DateTimeOffset JoinedAt,
    ParticipantQuality? Quality);
