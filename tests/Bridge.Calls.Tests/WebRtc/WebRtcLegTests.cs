using Bridge.Conferencing;
using Bridge.Conferencing.Roster;
using Bridge.TestKit.Audio;
using Bridge.WebRtc.Dtls;

namespace Bridge.Calls.Tests.WebRtc;

/// <summary>
/// A browser (the test-side WebRTC client) and a phone in one room through the real mixer, gateway and conference
/// service: each hears the other's tone and not its own; bad input on the media port is dropped, logged once, and touches
/// nobody's audio.
/// </summary>
public sealed class WebRtcLegTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const double PhoneTone = 600;
    private const double BrowserTone = 1400;

    [Fact]
    public async Task BrowserAndPhoneHearEachOtherAndNotThemselves()
    {
        using var room = new BrowserRoom();
        var phone = await room.DialPhoneAsync(PhoneTone);
        await using var client = new TestWebRtcClient();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var participant = await room.JoinBrowserAsync(client, "  Ann\n ");
        var answered = clock.Elapsed;

        await client.ConnectIceAsync(TimeSpan.FromSeconds(5));
        var keys = await client.HandshakeAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var secured = clock.Elapsed;
        client.StartTone(BrowserTone);
        await BrowserRoom.Until(() => client.ReceivedSamples > 0, TimeSpan.FromSeconds(5));
        var firstAudio = clock.Elapsed;
        var enough = await BothHearEachOther(phone, client);
        output.WriteLine($"PIN check + join to answer {answered.TotalMilliseconds:F0} ms, to SRTP keys {secured.TotalMilliseconds:F0} ms, to the first audio packet decoded by the client {firstAudio.TotalMilliseconds:F0} ms");

        Assert.True(client.IceSucceeded);
        Assert.True(enough, $"no tone both ways within 10 s: {Describe(participant)}");
        var browserHears = client.Tail(24000);
        var phoneHears = phone.Tail(4000);
        var browserPhone = Goertzel.LevelDbfs(browserHears, PhoneTone, 48000);
        var browserSelf = Goertzel.LevelDbfs(browserHears, BrowserTone, 48000);
        var phoneBrowser = Goertzel.LevelDbfs(phoneHears, BrowserTone, 8000);
        var phoneSelf = Goertzel.LevelDbfs(phoneHears, PhoneTone, 8000);
        Assert.True(browserPhone > -30, $"the browser hears the phone at {browserPhone:F1} dBFS");
        Assert.True(browserSelf < browserPhone - 20, $"the browser hears itself at {browserSelf:F1} dBFS (phone {browserPhone:F1})");
        Assert.True(phoneBrowser > -30, $"the phone hears the browser at {phoneBrowser:F1} dBFS");
        Assert.True(phoneSelf < phoneBrowser - 20, $"the phone hears itself at {phoneSelf:F1} dBFS (browser {phoneBrowser:F1})");
        Assert.Contains(keys.Suite, new[] { Bridge.Rtp.Srtp.SrtpSuite.AeadAes128Gcm, Bridge.Rtp.Srtp.SrtpSuite.AesCm128HmacSha1Tag80 });
        var roster = room.Conference.Get(BrowserRoom.Room);
        Assert.Equal([("Phone ***123", ParticipantKind.Phone), ("Ann", ParticipantKind.Browser)], roster.Select(e => (e.Label, e.Kind)));
        Assert.Equal(participant.Id, roster[1].Id);
        Assert.Equal(ConferenceRole.Participant, participant.Role);

        await participant.DisposeAsync();
        await participant.Ended.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(await BrowserRoom.Until(() => room.Conference.Get(BrowserRoom.Room).Count == 1, TimeSpan.FromSeconds(5)));
    }

    /// <summary>Waits (at most 10 s) until each side's last half second carries the other's tone.</summary>
    private static Task<bool> BothHearEachOther(TestPhone phone, TestWebRtcClient client) => BrowserRoom.Until(
        () => Goertzel.LevelDbfs(phone.Tail(4000), BrowserTone, 8000) > -30 && Goertzel.LevelDbfs(client.Tail(24000), PhoneTone, 48000) > -30,
        TimeSpan.FromSeconds(10));

    private static (long BeforeKeys, long ForeignMedia, long ForeignDtls, long Received) Drops(Bridge.Conferencing.Browser.IBrowserParticipant participant) =>
        ((Bridge.Calls.WebRtc.BrowserParticipant)participant).Drops;

    private static string Describe(Bridge.Conferencing.Browser.IBrowserParticipant participant) =>
        $"{Drops(participant)} {((Bridge.Calls.WebRtc.BrowserParticipant)participant).Describe()}";

    [Fact]
    public async Task PacketsWhoseAudioLevelSaysSilenceAreNotDecoded()
    {
        using var room = new BrowserRoom();
        var phone = await room.DialPhoneAsync(PhoneTone);
        await using var client = new TestWebRtcClient { Level = 127 };
        var participant = await room.JoinBrowserAsync(client);
        await client.ConnectIceAsync(TimeSpan.FromSeconds(5));
        await client.HandshakeAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var leg = ((Bridge.Calls.WebRtc.BrowserParticipant)participant).Leg;

        // A tone labelled as silence (RFC 6464 level 127): counted, never decoded, so nobody hears it.
        client.StartTone(BrowserTone);
        var skipped = await BrowserRoom.Until(() => leg.SilentPacketsSkipped >= 50, TimeSpan.FromSeconds(10));
        var whileSilent = Goertzel.LevelDbfs(phone.Tail(4000), BrowserTone, 8000);
        client.Level = 20;
        var heard = await BrowserRoom.Until(() => Goertzel.LevelDbfs(phone.Tail(4000), BrowserTone, 8000) > -30, TimeSpan.FromSeconds(10));

        Assert.True(skipped, $"only {leg.SilentPacketsSkipped} packets skipped: {Describe(participant)}");
        Assert.True(whileSilent < -60, $"the phone heard the 'silent' packets at {whileSilent:F1} dBFS");
        Assert.True(heard, $"the phone never heard the tone once its level said voice: {Describe(participant)}");
        await participant.DisposeAsync();
    }

    [Fact]
    public async Task AnswerAcceptsOpusWithFecOnOneBundledPortAndTakesTheVideoTheBrowserSends()
    {
        using var room = new BrowserRoom();
        await using var client = new TestWebRtcClient();

        var participant = await room.JoinBrowserAsync(client);
        var answer = participant.AnswerSdp;
        await participant.DisposeAsync();

        // The browser's sendrecv video is its camera: answered recvonly in the same BUNDLE (it receives nothing on it).
        Assert.Contains("a=group:BUNDLE 0 1\r\n", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("m=video 0 ", answer, StringComparison.Ordinal);
        Assert.Contains("a=recvonly", answer, StringComparison.Ordinal);
        Assert.Contains("a=rtpmap:96 VP8/90000", answer, StringComparison.Ordinal);
        Assert.Contains("a=fmtp:111 minptime=10;useinbandfec=1", answer, StringComparison.Ordinal);
        Assert.Contains("a=rtcp-mux", answer, StringComparison.Ordinal);
        Assert.Contains("a=setup:passive", answer, StringComparison.Ordinal);
        Assert.Contains("a=fingerprint:sha-256 " + room.Legs.Certificate.Fingerprint.HexValue, answer, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("a=ice-lite", answer, StringComparison.Ordinal);
        Assert.Contains($"typ host", answer, StringComparison.Ordinal);
        Assert.Contains("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrowsersCountAgainstTheCallLimitsAndGiveTheirPlaceBackWhenTheyLeave()
    {
        using var room = new BrowserRoom();
        var clients = new List<TestWebRtcClient>();
        var joined = new List<Bridge.Conferencing.Browser.IBrowserParticipant>();
        for (var i = 0; i < 3; i++)
        {
            var client = new TestWebRtcClient();
            clients.Add(client);
            joined.Add(await room.JoinBrowserAsync(client, "B" + i));
        }

        var check = await room.Gateway.CheckPinAsync(System.Net.IPAddress.Loopback, BrowserRoom.Room, BrowserRoom.Pin, CancellationToken.None);
        var fourth = await Assert.ThrowsAsync<Bridge.Conferencing.Browser.BrowserJoinException>(
            () => room.Gateway.JoinAsync(check.Ticket!, "B3", clients[0].CreateOffer(), CancellationToken.None));
        await joined[0].DisposeAsync();
        var afterLeave = room.Admission.Count;

        Assert.Contains("busy", fourth.Message, StringComparison.Ordinal);
        Assert.Equal(2, afterLeave);
        foreach (var participant in joined.Skip(1))
        {
            await participant.DisposeAsync();
        }

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        Assert.Equal(0, room.Admission.Count);
    }

    [Fact]
    public async Task OfferWithoutOpusIsRefusedWithAMessageForTheUser()
    {
        using var room = new BrowserRoom();
        await using var client = new TestWebRtcClient();
        var check = await room.Gateway.CheckPinAsync(System.Net.IPAddress.Loopback, BrowserRoom.Room, BrowserRoom.Pin, CancellationToken.None);
        var offer = client.CreateOffer().Replace("opus/48000/2", "ISAC/16000", StringComparison.Ordinal);

        var refused = await Assert.ThrowsAsync<Bridge.Conferencing.Browser.BrowserJoinException>(
            () => room.Gateway.JoinAsync(check.Ticket!, "Ann", offer, CancellationToken.None));

        Assert.Contains("Opus", refused.Message, StringComparison.Ordinal);
        Assert.Empty(room.Conference.Get(BrowserRoom.Room));
    }

    [Fact]
    public async Task BadInputIsDroppedLoggedOnceAndTheRoomGoesOn()
    {
        using var room = new BrowserRoom();
        var phone = await room.DialPhoneAsync(PhoneTone);
        await using var client = new TestWebRtcClient();
        await using var stranger = new TestWebRtcClient();
        var participant = await room.JoinBrowserAsync(client);
        stranger.ApplyAnswer(participant.AnswerSdp);
        byte[] rtp = [0x80, 111, 0, 1, 0, 0, 0, 0, 0, 0, 0x10, 0x92, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
        byte[] dtlsGarbage = [22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 1, 2, 3, 4, 5];

        // Before any valid check: media and DTLS from an address that did no ICE; a check with a wrong password.
        for (var i = 0; i < 5; i++)
        {
            client.SendRaw(rtp);
            client.SendRaw(dtlsGarbage);
        }

        client.SendBadCheck();
        await client.ConnectIceAsync(TimeSpan.FromSeconds(5));

        // Validated now, but no keys yet: SRTP before DTLS; DTLS garbage from the validated address; a stranger's media.
        for (var i = 0; i < 5; i++)
        {
            client.SendRaw(rtp);
            client.SendRaw(dtlsGarbage);
            stranger.SendRaw(rtp);
            stranger.SendRaw(dtlsGarbage);
        }

        await client.HandshakeAsync().WaitAsync(TimeSpan.FromSeconds(10));
        client.StartTone(BrowserTone);
        var enough = await BothHearEachOther(phone, client);

        Assert.True(enough, $"no tone both ways within 10 s after the bad input: {Describe(participant)}");
        Assert.Equal((5, 10, 10), (Drops(participant).BeforeKeys, Drops(participant).ForeignMedia, Drops(participant).ForeignDtls));
        Assert.Equal(1, room.Logs.Count("before DTLS gave keys"));
        // A browser's first packets come before its keys on every join: debug, not a warning.
        Assert.Single(room.Logs.Lines, l => l.Contains("before DTLS gave keys", StringComparison.Ordinal) && l.StartsWith("Debug ", StringComparison.Ordinal));
        // A browser is logged as one, with its leg id; never as the masked pseudo-user "***ser", never by its name.
        Assert.Contains(room.Logs.Lines, l => l.Contains($"Call {participant.Id} from browser starts", StringComparison.Ordinal));
        Assert.DoesNotContain(room.Logs.Lines, l => l.Contains("***ser", StringComparison.Ordinal));
        Assert.Equal(1, room.Logs.Count("media from an address that did no valid ICE check"));
        Assert.Equal(1, room.Logs.Count("DTLS from an address that did no valid ICE check"));
        await participant.DisposeAsync();
    }

    [Fact]
    public async Task DtlsWithACertificateThatDoesNotMatchTheOfferEndsTheBrowserOnly()
    {
        using var room = new BrowserRoom();
        var phone = await room.DialPhoneAsync(PhoneTone);
        await using var client = new TestWebRtcClient(presented: DtlsCertificate.Generate());
        var participant = await room.JoinBrowserAsync(client);

        await client.ConnectIceAsync(TimeSpan.FromSeconds(5));
        var handshake = client.StartHandshake();
        await participant.Ended.WaitAsync(TimeSpan.FromSeconds(15));
        await Assert.ThrowsAnyAsync<Exception>(() => handshake.WaitAsync(TimeSpan.FromSeconds(10)));
        var heard = phone.ReceivedSamples;
        var phoneGoesOn = await BrowserRoom.Until(() => phone.ReceivedSamples >= heard + 8000, TimeSpan.FromSeconds(5));

        Assert.Equal(1, room.Logs.Count("DTLS refused (FingerprintMismatch)"));
        Assert.Equal([phone.Id], room.Conference.Get(BrowserRoom.Room).Select(e => e.Id));
        Assert.True(phoneGoesOn, "the phone's audio stopped");
    }
}
