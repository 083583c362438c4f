using Bridge.Calls.WebRtc;
using Bridge.Rtp.Srtp;
using Bridge.TestKit.Allocation;

namespace Bridge.Calls.Tests.WebRtc;

/// <summary>The browser leg's per-packet paths allocate nothing once warm (docs/architecture.md §4).</summary>
public sealed class WebRtcAllocationTests
{
    [Theory]
    [InlineData(SrtpSuite.AeadAes128Gcm)]
    [InlineData(SrtpSuite.AesCm128HmacSha1Tag80)]
    public void SrtpThroughTheGateAllocatesNothing(SrtpSuite suite)
    {
        var toBridge = SrtpKeyMaterial.Generate(suite);
        var toBrowser = SrtpKeyMaterial.Generate(suite);
        using var browser = new WebRtcSrtpGate(static () => { });
        using var bridge = new WebRtcSrtpGate(static () => { });
        using var noKeys = new WebRtcSrtpGate(static () => { });
        browser.Install(new SrtpSession(toBridge, toBrowser));
        bridge.Install(new SrtpSession(toBrowser, toBridge));
        var buffer = new byte[200];
        var unprotected = 0;
        RoundTrip(0);
        ushort seq = 1;
        AllocationRounds.AssertNone(() =>
        {
            for (var i = 0; i < 500; i++, seq++)
            {
                unprotected += RoundTrip(seq) ? 1 : 0;
                var length = 100;
                noKeys.TryUnprotectRtp(buffer, ref length);
            }
        });

        Assert.Equal(1500, unprotected);
        Assert.Equal(1500, noKeys.DroppedBeforeKeys);

        bool RoundTrip(ushort seq)
        {
            buffer.AsSpan().Clear();
            buffer[0] = 0x80;
            buffer[1] = 111;
            buffer[2] = (byte)(seq >> 8);
            buffer[3] = (byte)seq;
            buffer[11] = 7;
            var length = browser.ProtectRtp(buffer, 100);
            return bridge.TryUnprotectRtp(buffer, ref length) && length == 100;
        }
    }

    [Fact]
    public async Task SendingToTheBrowserAllocatesNothing()
    {
        using var room = new BrowserRoom();
        await using var client = new TestWebRtcClient();
        // A leg in no room: the test thread is its only sender, as the mixer thread is in a call.
        Assert.True(room.Legs.TryCreate(new Bridge.Conferencing.CallerSource(System.Net.IPAddress.Loopback, "browser"), "Ann", client.CreateOffer(), out var leg, out var answer, out _));
        client.ApplyAnswer(answer);
        leg.Start();
        await client.ConnectIceAsync(TimeSpan.FromSeconds(5));
        await client.HandshakeAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await BrowserRoom.Until(() => leg.HasKeys, TimeSpan.FromSeconds(5)));
        var payload = new byte[80];
        leg.Send(payload, 960);
        var sentBefore = leg.Sent;

        AllocationRounds.AssertNone(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                leg.Send(payload, 960);
            }
        });

        Assert.True(leg.Sent - sentBefore >= 600, "the packets were not sent");
        leg.Release("test over");
        await leg.Ended.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
