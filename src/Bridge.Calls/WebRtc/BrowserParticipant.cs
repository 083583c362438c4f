using Bridge.Conferencing;
using Bridge.Conferencing.Browser;

namespace Bridge.Calls.WebRtc;

/// <summary>The web layer's handle on one browser in a room: mute through the conference queue, leave through the leg's release.</summary>
internal sealed partial class BrowserParticipant(WebRtcLeg leg, ConferenceCall call, ConferenceService conference, string answerSdp, ConferenceRole role) : IBrowserParticipant
{
    public string Id => leg.Id;

    public string AnswerSdp => answerSdp;

    public ConferenceRole Role => role;

    public Task Ended => leg.Ended;

    /// <summary>The leg's drop counters (tests, metrics).</summary>
    internal (long BeforeKeys, long ForeignMedia, long ForeignDtls, long Received) Drops => leg.Drops;

    internal string Describe() => leg.Describe();

    internal WebRtcLeg Leg => leg;

    public void SetMuted(bool muted) => conference.SetSelfMuted(call, muted);

    public async ValueTask DisposeAsync()
    {
        leg.Release("left");
        await leg.Ended.ConfigureAwait(false);
    }
}
