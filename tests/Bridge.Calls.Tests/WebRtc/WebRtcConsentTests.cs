using Microsoft.Extensions.Time.Testing;

namespace Bridge.Calls.Tests.WebRtc;

/// <summary>ICE consent freshness (RFC 7675 §5.1) on the legs' clock: a browser that stops checking for 30 s is ended, and the room goes on.</summary>
public sealed class WebRtcConsentTests
{
    [Fact]
    public async Task NoValidCheckFor30SecondsEndsTheBrowserWhileItsMediaStillFlows()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var room = new BrowserRoom(time);
        var phone = await room.DialPhoneAsync(600);
        await using var client = new TestWebRtcClient();
        var participant = await room.JoinBrowserAsync(client);
        await client.ConnectIceAsync(TimeSpan.FromSeconds(5));
        await client.HandshakeAsync().WaitAsync(TimeSpan.FromSeconds(10));
        client.StartTone(1400);

        // The browser keeps sending media but no more checks; a second of the legs' clock at a time, so its RTP keeps the
        // RTP timeout away and only consent can end it.
        var leg = ((Bridge.Calls.WebRtc.BrowserParticipant)participant).Leg;
        var seconds = 0;
        while (!leg.IsReleased && seconds < 40)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            seconds++;
            await Task.Delay(60);
        }

        await participant.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.InRange(seconds, 30, 31);
        Assert.Equal(1, room.Logs.Count("ICE consent expired"));
        Assert.Equal([phone.Id], room.Conference.Get(BrowserRoom.Room).Select(e => e.Id));
    }

    [Fact]
    public async Task ABrowserThatNeverNominatesIsEndedAfter30Seconds()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var room = new BrowserRoom(time);
        await using var client = new TestWebRtcClient();
        var participant = await room.JoinBrowserAsync(client);

        time.Advance(TimeSpan.FromSeconds(29));
        var early = participant.Ended.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(2));
        await participant.Ended.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(early);
        Assert.Equal(1, room.Logs.Count("no ICE nomination within 30 s"));
        Assert.True(await BrowserRoom.Until(() => room.Conference.Get(BrowserRoom.Room).Count == 0, TimeSpan.FromSeconds(5)));
    }
}
