using Bridge.Conferencing.Admin;

namespace Bridge.Calls.Tests.WebRtc;

/// <summary>
/// Issue 13 for browsers: the gateway's <see cref="IParticipantDetails"/> shows a browser leg as the API shows a phone, with
/// Opus, secure media (DTLS-SRTP), talking, and quality from its received audio and the browser's SRTCP receiver reports.
/// </summary>
public sealed class WebRtcDetailsTests
{
    [Fact]
    public async Task A_browser_shows_opus_secure_talking_and_the_quality_its_receiver_reports_give()
    {
        using var room = new BrowserRoom();
        var phone = await room.DialPhoneAsync(600);
        await using var client = new TestWebRtcClient();
        var participant = await room.JoinBrowserAsync(client);
        IParticipantDetails details = room.Gateway;
        var joined = details.Get(participant.Id);
        Assert.NotNull(joined);
        Assert.Null(joined.Quality); // no audio received yet

        await client.ConnectIceAsync(TimeSpan.FromSeconds(5));
        await client.HandshakeAsync().WaitAsync(TimeSpan.FromSeconds(10));
        client.StartTone(1400);
        Assert.True(await BrowserRoom.Until(() => details.Get(participant.Id) is { Talking: true, Quality: not null }, TimeSpan.FromSeconds(10)),
            $"never talking with quality figures: {details.Get(participant.Id)}");

        // The browser reports 26/256 (10.2 %) of our audio lost and 10 ms of jitter (480 at 48 kHz).
        Assert.True(await BrowserRoom.Until(() => client.SendReceiverReport(26, 480), TimeSpan.FromSeconds(5)), "the client never received the bridge's audio");
        Assert.True(await BrowserRoom.Until(() => details.Get(participant.Id)?.Quality?.RemoteLossPercent is not null, TimeSpan.FromSeconds(5)),
            $"the receiver report never reached the quality: {details.Get(participant.Id)}");

        var shown = details.Get(participant.Id)!;
        var quality = shown.Quality!;
        Assert.Equal((participant.Id, "opus", "webrtc", true), (shown.Id, shown.Codec, shown.Transport, shown.Secure));
        Assert.Equal(10.16, quality.RemoteLossPercent!.Value, 2);
        Assert.Equal(10, quality.RemoteJitterMs!.Value, 1);
        Assert.InRange(quality.LossPercent, 0, 1); // what we receive on loopback
        Assert.True(quality.Mos < 4.0, $"10 % loss of our audio must lower the MOS: {quality}");
        Assert.Null(details.Get(phone.Id)); // phones are the call manager's

        await participant.DisposeAsync();
        await participant.Ended.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(await BrowserRoom.Until(() => details.Get(participant.Id) is null && room.Gateway.LiveLegs == 0, TimeSpan.FromSeconds(5)));
    }
}
