using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Rtp.Tests;

/// <summary>The latching rules on their own, with a fake clock: who may start, who may take over, and who is dropped.</summary>
public sealed class RtpSourceLatchTests
{
    private static readonly SocketAddress Phone = new IPEndPoint(IPAddress.Parse("192.0.2.10"), 4000).Serialize();
    private static readonly SocketAddress PhoneNat = new IPEndPoint(IPAddress.Parse("198.51.100.7"), 31000).Serialize();
    private static readonly SocketAddress PhoneRebound = new IPEndPoint(IPAddress.Parse("198.51.100.7"), 31002).Serialize();
    private static readonly SocketAddress Stranger = new IPEndPoint(IPAddress.Parse("203.0.113.66"), 5000).Serialize();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public void AnySourceLatchesWithinTheWindowButNotAfter()
    {
        var early = NewLatch();
        Assert.Equal(RtpLatchResult.Latched, early.OfferRtp(PhoneNat, 1, 10, 1600));
        Assert.Equal(PhoneNat, early.Current);

        var late = NewLatch();
        late.Signal(Phone);
        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(RtpLatchResult.Dropped, late.OfferRtp(Stranger, 1, 10, 1600));
        Assert.False(late.IsLatched);

        // The host signalled in SDP may still start the stream (a phone that was silent at first), on any port.
        Assert.Equal(RtpLatchResult.Latched, late.OfferRtp(new IPEndPoint(IPAddress.Parse("192.0.2.10"), 4100).Serialize(), 1, 10, 1600));
    }

    [Fact]
    public void BurstFromAStrangerBetweenThePhonesPacketsIsDropped()
    {
        var latch = NewLatch();
        ushort seq = 1000;
        uint ts = 160_000;
        Assert.Equal(RtpLatchResult.Latched, latch.OfferRtp(PhoneNat, 0xCAFE, seq, ts));
        _time.Advance(TimeSpan.FromMilliseconds(20));
        for (int i = 0; i < 50; i++)
        {
            // Whatever the stranger guesses for sequence and timestamp, without the SSRC it stays out.
            Assert.Equal(RtpLatchResult.Dropped, latch.OfferRtp(Stranger, 0x1234, (ushort)(seq + 1 + i), ts + 160));
        }

        Assert.Equal(RtpLatchResult.Accepted, latch.OfferRtp(PhoneNat, 0xCAFE, ++seq, ts += 160));
        Assert.Equal(PhoneNat, latch.Current);
    }

    [Fact]
    public void TheSameStreamFromANewAddressMoves()
    {
        var latch = NewLatch();
        Assert.Equal(RtpLatchResult.Latched, latch.OfferRtp(PhoneNat, 7, 100, 8000));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(RtpLatchResult.Accepted, latch.OfferRtp(PhoneNat, 7, 101, 8160));
        _time.Advance(TimeSpan.FromMilliseconds(60));

        // Three packets lost in the rebinding: still the same stream.
        Assert.Equal(RtpLatchResult.Relatched, latch.OfferRtp(PhoneRebound, 7, 104, 8640));
        Assert.Equal(PhoneRebound, latch.Current);
        Assert.Equal(RtpLatchResult.Dropped, latch.OfferRtp(PhoneNat, 7, 104, 8640)); // a late copy from the old binding
    }

    [Theory]
    [InlineData(8, 101, 8160)] // another SSRC
    [InlineData(7, 100, 8160)] // a sequence number already seen (replay)
    [InlineData(7, 99, 8000)] // behind
    [InlineData(7, 300, 8160)] // too far ahead
    [InlineData(7, 101, 7000)] // timestamp going back
    [InlineData(7, 101, 8000 + 48_000 * 10)] // timestamp further ahead than the time since the last packet allows
    public void APacketThatDoesNotContinueTheStreamDoesNotMove(uint ssrc, int sequence, long timestamp)
    {
        var latch = NewLatch();
        Assert.Equal(RtpLatchResult.Latched, latch.OfferRtp(PhoneNat, 7, 100, 8000));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(RtpLatchResult.Dropped, latch.OfferRtp(Stranger, ssrc, (ushort)sequence, (uint)timestamp));
        Assert.Equal(PhoneNat, latch.Current);
    }

    [Fact]
    public void TheSignalledEndpointWinsOverAStrangerWhoRacedIt()
    {
        var latch = NewLatch();
        latch.Signal(Phone);
        Assert.Equal(RtpLatchResult.Latched, latch.OfferRtp(Stranger, 99, 1, 0));
        _time.Advance(TimeSpan.FromMilliseconds(40));
        Assert.Equal(RtpLatchResult.Relatched, latch.OfferRtp(Phone, 0xCAFE, 5000, 123_456));
        Assert.Equal(Phone, latch.Current);
        Assert.Equal(RtpLatchResult.Dropped, latch.OfferRtp(Stranger, 99, 2, 160));
    }

    [Fact]
    public void OpeningAgainLearnsTheNewAddress()
    {
        var latch = NewLatch();
        Assert.Equal(RtpLatchResult.Latched, latch.OfferRtp(PhoneNat, 7, 100, 8000));
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(RtpLatchResult.Dropped, latch.OfferRtp(Stranger, 8, 1, 0));

        latch.Open(Stranger); // a re-INVITE moved the call to another device
        Assert.Equal(RtpLatchResult.Latched, latch.OfferRtp(Stranger, 8, 1, 0));
        Assert.Equal(Stranger, latch.Current);
    }

    [Fact]
    public void RtcpFollowsTheRtpHostOnly()
    {
        var latch = NewLatch();
        Assert.Equal(RtpLatchResult.Latched, latch.OfferRtcp(PhoneNat, rtpSource: null));
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(RtpLatchResult.Dropped, latch.OfferRtcp(Stranger, PhoneNat));
        Assert.Equal(RtpLatchResult.Relatched, latch.OfferRtcp(PhoneRebound, PhoneNat));
        Assert.Equal(PhoneRebound, latch.Current);
    }

    [Fact]
    public void SameHostComparesAddressesNotPorts()
    {
        Assert.True(RtpSourceLatch.SameHost(PhoneNat, PhoneRebound));
        Assert.False(RtpSourceLatch.SameHost(PhoneNat, Stranger));
        Assert.False(RtpSourceLatch.SameHost(PhoneNat, null));
        var v6a = new IPEndPoint(IPAddress.Parse("2001:db8::1"), 1).Serialize();
        var v6b = new IPEndPoint(IPAddress.Parse("2001:db8::1"), 2).Serialize();
        var v6c = new IPEndPoint(IPAddress.Parse("2001:db8::2"), 1).Serialize();
        Assert.True(RtpSourceLatch.SameHost(v6a, v6b));
        Assert.False(RtpSourceLatch.SameHost(v6a, v6c));
        Assert.False(RtpSourceLatch.SameHost(v6a, PhoneNat));
    }

    private RtpSourceLatch NewLatch() => new(_time, TimeSpan.FromSeconds(5), 8000);
}
