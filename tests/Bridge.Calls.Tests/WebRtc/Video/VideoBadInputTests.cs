using System.Buffers.Binary;
using Bridge.Calls.WebRtc.Video;

namespace Bridge.Calls.Tests.WebRtc.Video;

/// <summary>Bad video input is dropped and counted, and nothing else is affected (issue 10, "Bad input").</summary>
public sealed class VideoBadInputTests
{
    [Fact]
    public void Rtp_from_an_unknown_ssrc_or_payload_type_is_dropped_and_counted()
    {
        using var room = Room(out var ann, out var bob);

        VideoRoomFixture.Receive(ann.Peer, VideoRoomFixture.VideoPacket(0xDEAD, 1, 1));
        VideoRoomFixture.Receive(ann.Peer, VideoRoomFixture.VideoPacket(1111, 2, 1, payloadType: 127));
        VideoRoomFixture.Receive(ann.Peer, VideoRoomFixture.VideoPacket(1111, 3, 1));

        Assert.Single(bob.Rtp);
        Assert.Equal(1, ann.Peer.Counters.UnknownSsrc);
        Assert.Equal(1, ann.Peer.Counters.BadPayloadType);
        Assert.Equal(1, ann.Peer.Counters.Received);
    }

    [Fact]
    public void Malformed_or_oversized_header_extensions_are_dropped_and_counted()
    {
        using var room = Room(out var ann, out var bob);

        var overrun = VideoRoomFixture.VideoPacket(1111, 1, 1);
        overrun[16] = 0x3F; // id 3, 16 octets in a 4-octet block
        VideoRoomFixture.Receive(ann.Peer, overrun);

        var huge = new byte[12 + 4 + 400 + 100];
        VideoRoomFixture.VideoPacket(1111, 2, 1).AsSpan(0, 16).CopyTo(huge);
        BinaryPrimitives.WriteUInt16BigEndian(huge.AsSpan(14), 100); // 400 octets of extension
        VideoRoomFixture.Receive(ann.Peer, huge);

        var twoByte = VideoRoomFixture.VideoPacket(1111, 3, 1);
        twoByte[12] = 0x10;
        twoByte[13] = 0x00;
        twoByte[16] = 5;
        twoByte[17] = 9; // 9 octets in a 4-octet block
        VideoRoomFixture.Receive(ann.Peer, twoByte);

        VideoRoomFixture.Receive(ann.Peer, VideoRoomFixture.VideoPacket(1111, 4, 1));

        Assert.Equal(3, ann.Peer.Counters.BadExtension);
        Assert.Single(bob.Rtp);
    }

    [Fact]
    public void Oversized_packets_are_dropped_and_counted()
    {
        using var room = Room(out var ann, out var bob);

        VideoRoomFixture.Receive(ann.Peer, VideoRoomFixture.VideoPacket(1111, 1, 1, payloadLength: 1600));

        Assert.Equal(1, ann.Peer.Counters.Oversized);
        Assert.Empty(bob.Rtp);
    }

    [Fact]
    public void Feedback_about_ssrcs_the_browser_does_not_receive_is_dropped_and_counted()
    {
        using var room = Room(out var ann, out var bob);
        ann.Rtcp.Clear();
        room.Time.Advance(TimeSpan.FromSeconds(1));

        var pli = new byte[20];
        RtcpFeedback.WritePli(pli, 0xB0B, 1111); // the sender's own SSRC: Bob does not receive it from us
        bob.SendRtcp(pli);
        RtcpFeedback.WritePli(pli, 0xB0B, 0x12345678);
        bob.SendRtcp(pli);
        var remb = new byte[32];
        RtcpFeedback.WriteRemb(remb, 0xB0B, 0x12345678, 10);
        bob.SendRtcp(remb);
        var nack = VideoRoomFixture.Nack(0x12345678, (0, 0));
        bob.SendRtcp(nack);

        Assert.Empty(ann.Rtcp);
        Assert.Empty(bob.Rtp);
        Assert.Equal(4, bob.Peer.Counters.FeedbackForUnknownSsrc);
        Assert.Equal(0, bob.Peer.ReceiverEstimate);
    }

    [Fact]
    public void A_nack_storm_resends_a_bounded_number_of_packets()
    {
        using var room = Room(out var ann, out var bob);
        bob.Lose = static n => n is > 0 and < 100;
        for (ushort i = 0; i < 100; i++)
        {
            VideoRoomFixture.Receive(ann.Peer, VideoRoomFixture.VideoPacket(1111, i, 1));
        }

        var first = BinaryPrimitives.ReadUInt16BigEndian(bob.Rtp[0].AsSpan(2));
        var nack = VideoRoomFixture.Nack(bob.SlotSsrc(0), [.. Enumerable.Range(0, 10).Select(i => ((ushort)(first + 1 + (17 * i)), (ushort)0xFFFF))]);

        bob.SendRtcp(nack);

        Assert.Equal(1 + VideoPeer.MaxRetransmissionsPerCompound, bob.Rtp.Count);
    }

    [Fact]
    public void Malformed_rtcp_feedback_does_not_throw()
    {
        using var room = Room(out _, out var bob);
        var random = new Random(7);
        var buffer = new byte[64];
        for (var i = 0; i < 2000; i++)
        {
            random.NextBytes(buffer);
            buffer[0] = (byte)(0x80 | (buffer[0] & 0x1F));
            buffer[1] = (byte)(205 + (i & 1));
            var length = random.Next(4, buffer.Length);
            bob.SendRtcp(buffer[..length]);
        }
    }

    private static VideoRoomFixture Room(out VideoRoomFixture.Browser ann, out VideoRoomFixture.Browser bob)
    {
        var room = new VideoRoomFixture();
        ann = room.Add("ann", cameraSsrc: 1111, slots: 1);
        bob = room.Add("bob", cameraSsrc: null, slots: 1);
        room.Router.Place(ann.Peer, VideoRoomFixture.Room);
        room.Router.Place(bob.Peer, VideoRoomFixture.Room);
        return room;
    }
}
