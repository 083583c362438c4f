using Bridge.Conferencing.Admin;

namespace Bridge.Web.Api.Models;

/// <summary><c>GET /api/v1/service</c>: version, uptime and load.</summary>
/// <param name="Version">The bridge's version.</param>
/// <param name="StartedAt">When the service started.</param>
/// <param name="UptimeSeconds">Seconds since then.</param>
/// <param name="OpenRooms">Rooms open now.</param>
/// <param name="Participants">Participants in them.</param>
/// <param name="Mixer">The mixer's health; null when the host reports none.</param>
/// <param name="DialPlan">The dial plan and its last reload; null when the host reports none.</param>
public sealed record ServiceModel(string Version, DateTimeOffset StartedAt, long UptimeSeconds, int OpenRooms, int Participants, MixerHealth? Mixer, DialPlanStatus? DialPlan);
