using System.Buffers.Binary;
using Bridge.Calls.WebRtc.Video;
using Bridge.Rtp;

namespace Bridge.Calls.Tests.WebRtc.Video;

/// <summary>
/// The bridge's receiver reports on each browser's video (RFC 3550 §6.4.2), with packets built by hand: loss and
/// reordering counted as A.3 says (a late packet is not lost, the fraction is per interval), the extended highest sequence
/// across a wrap, interarrival jitter in 90 kHz units (A.8, once per frame), LSR/DLSR from the browser's SR, and the RR
/// sent in the same compound as the REMB.
/// </summary>
public sealed class VideoReceiverReportTests
{
    [Fact]
    public void Loss_and_reordering_are_counted_per_interval_and_across_a_wrap()
    {
        using var room = new VideoRoomFixture();
        var ann = Sender(room);

        // 65530 … 65535, 0 … 3 (10 packets across the wrap): 65533 lost, 0 and 1 swapped.
        ushort[] order = [65530, 65531, 65532, 65534, 65535, 1, 0, 2, 3];
        foreach (var sequence in order)
        {
            room.Time.Advance(TimeSpan.FromMilliseconds(10));
            VideoRoomFixture.Receive(ann.Peer, VideoRoomFixture.VideoPacket(1111, sequence, 1000 + (uint)(sequence * 900), keyFrame: false));
        }

        var first = Report(ann);
        Assert.Equal(1, first.CumulativeLost);
        Assert.Equal(65536u + 3, first.ExtendedHighestSequence);
        Assert.Equal(25, first.FractionLost); // 1 of 10 expected: 256 / 10
        Assert.Equal(0u, first.LastSenderReport);

        // The next interval: 4 … 13 with 6 and 7 lost, and the lost 65533 arriving late (it is no longer lost).
        foreach (var sequence in new ushort[] { 4, 5, 8, 9, 10, 11, 12, 13, 65533 })
        {
            room.Time.Advance(TimeSpan.FromMilliseconds(10));
            VideoRoomFixture.Receive(ann.Peer, VideoRoomFixture.VideoPacket(1111, sequence, 90_000, keyFrame: false));
        }

        var second = Report(ann);
        Assert.Equal(2, second.CumulativeLost);
        Assert.Equal(65536u + 13, second.ExtendedHighestSequence);
        Assert.Equal(25, second.FractionLost); // 10 expected, 9 received in the interval (8 new, 1 late): (10 - 9) * 256 / 10
    }

    [Fact]
    public void Jitter_is_in_90_kHz_units_and_counts_each_frame_once()
    {
        using var room = new VideoRoomFixture();
        var ann = Sender(room);
        ushort sequence = 0;

        // Ten frames 100 ms (9,000 units) apart, arriving exactly 100 ms apart, two packets each (the second 3 ms later).
        for (uint frame = 0; frame < 10; frame++)
        {
            Frame(frame * 9000, 100);
        }

        Assert.Equal(0u, Report(ann).Jitter);

        // One frame 10 ms late (900 units), the next on time: A.8 gives J = 900/16 = 56, then 56 + (900 - 56)/16 = 109.
        Frame(10 * 9000, 110);
        Frame(11 * 9000, 90);

        Assert.Equal(109u, Report(ann).Jitter);

        void Frame(uint timestamp, int afterMs)
        {
            room.Time.Advance(TimeSpan.FromMilliseconds(afterMs - 3));
            VideoRoomFixture.Receive(ann.Peer, VideoRoomFixture.VideoPacket(1111, sequence++, timestamp, keyFrame: false));
            room.Time.Advance(TimeSpan.FromMilliseconds(3));
            VideoRoomFixture.Receive(ann.Peer, VideoRoomFixture.VideoPacket(1111, sequence++, timestamp, keyFrame: false, marker: true));
        }
    }

    [Fact]
    public void Lsr_and_dlsr_echo_the_browsers_sender_report_and_the_rr_goes_with_the_remb()
    {
        using var room = new VideoRoomFixture();
        var ann = Sender(room);
        var bob = room.Add("bob", cameraSsrc: null, slots: 1);
        room.Router.Place(bob.Peer, VideoRoomFixture.Room);
        VideoRoomFixture.Receive(ann.Peer, VideoRoomFixture.VideoPacket(1111, 7, 1000));
        var remb = new byte[32];
        RtcpFeedback.WriteRemb(remb, 0xB0B, bob.SlotSsrc(0), 800_000);
        bob.SendRtcp(remb);

        // The browser's SR: NTP 0x0000_1234_5678_9ABC; its middle 32 bits are the LSR to echo.
        var sr = new byte[28];
        sr[0] = 0x80;
        sr[1] = 200;
        sr[3] = 6;
        BinaryPrimitives.WriteUInt32BigEndian(sr.AsSpan(4), 1111);
        BinaryPrimitives.WriteUInt64BigEndian(sr.AsSpan(8), 0x0000_1234_5678_9ABCUL);
        ann.SendRtcp(sr);
        room.Time.Advance(TimeSpan.FromMilliseconds(500));
        ann.Rtcp.Clear();

        ann.Peer.SendEstimates();

        var compound = Assert.Single(ann.Rtcp);
        var reader = new RtcpCompoundReader(compound);
        Assert.True(reader.TryReadNext(out var rr));
        Assert.Equal(RtcpPacketType.ReceiverReport, rr.PacketType);
        Assert.True(rr.TryGetReportBlock(0, out var block));
        Assert.False(rr.TryGetReportBlock(1, out _));
        Assert.Equal(1111u, block.Ssrc);
        Assert.Equal(0x1234_5678u, block.LastSenderReport);
        Assert.Equal(32768u, block.DelaySinceLastSenderReport); // 0.5 s in 1/65536 s
        Assert.Equal(7u, block.ExtendedHighestSequence);
        Assert.True(reader.TryReadNext(out var feedback));
        Assert.Equal(RtcpFeedback.PayloadFeedback, (byte)feedback.PacketType);
        Assert.True(RtcpFeedback.TryReadRemb(feedback.Body, out var bitrate, out _));
        Assert.InRange(bitrate, 799_000, 800_000);
        Assert.False(reader.TryReadNext(out _));
    }

    [Fact]
    public void Nothing_received_and_no_estimate_sends_nothing()
    {
        using var room = new VideoRoomFixture();
        var ann = Sender(room);
        ann.Rtcp.Clear();
        ann.Peer.SendEstimates();
        Assert.Empty(ann.Rtcp);
    }

    private static VideoRoomFixture.Browser Sender(VideoRoomFixture room)
    {
        var ann = room.Add("ann", cameraSsrc: 1111, slots: 1);
        room.Router.Place(ann.Peer, VideoRoomFixture.Room);
        return ann;
    }

    /// <summary>The block on SSRC 1111 of the RR that starts the compound the bridge sends now.</summary>
    private static RtcpReportBlock Report(VideoRoomFixture.Browser browser)
    {
        browser.Rtcp.Clear();
        browser.Peer.SendEstimates();
        var reader = new RtcpCompoundReader(Assert.Single(browser.Rtcp));
        Assert.True(reader.TryReadNext(out var rr));
        Assert.Equal(RtcpPacketType.ReceiverReport, rr.PacketType);
        Assert.True(rr.TryGetReportBlock(0, out var block));
        Assert.Equal(1111u, block.Ssrc);
        return block;
    }
}
