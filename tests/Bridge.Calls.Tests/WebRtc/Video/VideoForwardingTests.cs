using System.Buffers.Binary;
using Bridge.Calls.WebRtc.Video;
using Bridge.Rtp;
using Bridge.TestKit.Allocation;

namespace Bridge.Calls.Tests.WebRtc.Video;

/// <summary>
/// The forwarding unit with real SRTP contexts: one packet unprotected by the sender's leg is rewritten and protected for
/// each receiver (SSRC, payload type, continuous sequence numbers and timestamps across a switch, no header
/// extension), keyframe requests reach the sender rate-limited, NACKs are answered from the cache, REMB goes back.
/// </summary>
public sealed class VideoForwardingTests
{
    [Fact]
    public void A_packet_reaches_every_other_browser_rewritten_for_its_slot()
    {
        using var room = new VideoRoomFixture();
        var ann = room.Add("ann", cameraSsrc: 1111, slots: 2);
        var bob = room.Add("bob", cameraSsrc: 2222, slots: 2, vp8: 98);
        var cat = room.Add("cat", cameraSsrc: null, slots: 2, vp8: 100);
        foreach (var browser in new[] { ann, bob, cat })
        {
            room.Router.Place(browser.Peer, VideoRoomFixture.Room);
        }

        var sent = VideoRoomFixture.VideoPacket(1111, 100, 5000, marker: true);
        VideoRoomFixture.Receive(ann.Peer, sent);

        Assert.Empty(ann.Rtp); // never back to the sender
        foreach (var (receiver, payloadType) in new[] { (bob, 98), (cat, 100) })
        {
            var packet = Assert.Single(receiver.Rtp);
            Assert.True(RtpPacket.TryParse(packet, out var parsed));
            Assert.Equal(receiver.SlotSsrc(0), parsed.Ssrc);
            Assert.Equal(payloadType, parsed.PayloadType);
            Assert.True(parsed.Marker);
            Assert.False(parsed.HasExtension);
            Assert.Equal(sent.AsSpan(20).ToArray(), parsed.Payload.ToArray());
        }

        // Bob's second slot shows nobody: Cat has no camera. Cat's slots: Ann then Bob.
        Assert.Equal([("3", "ann", VideoSourceKind.Camera)], VideoRouter.Describe(bob.Peer));
        Assert.Equal([("3", "ann", VideoSourceKind.Camera), ("4", "bob", VideoSourceKind.Camera)], VideoRouter.Describe(cat.Peer));
    }

    [Fact]
    public void A_slot_changes_source_at_a_keyframe_and_stays_continuous()
    {
        using var room = new VideoRoomFixture();
        var ann = room.Add("ann", cameraSsrc: 1111, slots: 1);
        var dan = room.Add("dan", cameraSsrc: 4444, slots: 1);
        var bob = room.Add("bob", cameraSsrc: null, slots: 1);
        room.Router.Place(ann.Peer, VideoRoomFixture.Room);
        room.Router.Place(dan.Peer, VideoRoomFixture.Room);
        room.Router.Place(bob.Peer, VideoRoomFixture.Room);
        Assert.Equal("ann", Assert.Single(VideoRouter.Describe(bob.Peer)).ParticipantId);

        for (ushort i = 0; i < 3; i++)
        {
            VideoRoomFixture.Receive(ann.Peer, VideoRoomFixture.VideoPacket(1111, (ushort)(65534 + i), 1000 + (3000u * i)));
            VideoRoomFixture.Receive(dan.Peer, VideoRoomFixture.VideoPacket(4444, (ushort)(700 + i), 90_000_000 + (3000u * i)));
        }

        room.Time.Advance(TimeSpan.FromMilliseconds(100));
        room.Router.Place(ann.Peer, null); // Ann leaves: Bob's slot takes Dan
        Assert.Equal("dan", Assert.Single(VideoRouter.Describe(bob.Peer)).ParticipantId);
        VideoRoomFixture.Receive(dan.Peer, VideoRoomFixture.VideoPacket(4444, 703, 90_009_000, keyFrame: false)); // held back: no keyframe yet
        VideoRoomFixture.Receive(dan.Peer, VideoRoomFixture.VideoPacket(4444, 704, 90_009_000));
        VideoRoomFixture.Receive(dan.Peer, VideoRoomFixture.VideoPacket(4444, 705, 90_012_000, keyFrame: false));

        var headers = bob.Rtp.Select(p => (Seq: BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(2)), Ts: BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(4)), Ssrc: BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(8)))).ToList();
        Assert.Equal(5, headers.Count);
        Assert.All(headers, h => Assert.Equal(bob.SlotSsrc(0), h.Ssrc));
        for (var i = 1; i < headers.Count; i++)
        {
            Assert.Equal((ushort)(headers[i - 1].Seq + 1), headers[i].Seq);
        }

        Assert.Equal(3000u, headers[1].Ts - headers[0].Ts);
        Assert.Equal(9000u, headers[3].Ts - headers[2].Ts); // 100 ms at 90 kHz after the switch
        Assert.Equal(3000u, headers[4].Ts - headers[3].Ts);
    }

    [Fact]
    public void A_slot_starts_with_any_packet_but_a_switch_waits_for_the_keyframe_and_keeps_asking_for_it()
    {
        using var room = new VideoRoomFixture();
        var ann = room.Add("ann", cameraSsrc: 1111, slots: 1);
        var dan = room.Add("dan", cameraSsrc: 4444, slots: 1);
        var bob = room.Add("bob", cameraSsrc: null, slots: 1);
        foreach (var browser in new[] { ann, dan, bob })
        {
            room.Router.Place(browser.Peer, VideoRoomFixture.Room);
        }

        // The slot's first source: forwarded from its first packet (the browser asks for a keyframe itself).
        VideoRoomFixture.Receive(ann.Peer, VideoRoomFixture.VideoPacket(1111, 1, 1, keyFrame: false));
        Assert.Single(bob.Rtp);

        room.Router.Place(ann.Peer, null);
        var asked = dan.Rtcp.Count; // the switch asked Dan for a keyframe
        for (var i = 0; i < 8; i++)
        {
            room.Time.Advance(TimeSpan.FromMilliseconds(100));
            VideoRoomFixture.Receive(dan.Peer, VideoRoomFixture.VideoPacket(4444, (ushort)(10 + i), 1, keyFrame: false));
        }

        Assert.Single(bob.Rtp);
        Assert.Equal(asked + 1, dan.Rtcp.Count); // asked again after 500 ms of waiting, not at every packet
        VideoRoomFixture.Receive(dan.Peer, VideoRoomFixture.VideoPacket(4444, 18, 1));
        Assert.Equal(2, bob.Rtp.Count);
        Assert.Equal(0, bob.Peer.Counters.CodecMismatch);
    }

    [Fact]
    public void Keyframe_requests_reach_the_sender_at_most_twice_a_second()
    {
        using var room = new VideoRoomFixture();
        var ann = room.Add("ann", cameraSsrc: 1111, slots: 1);
        var bob = room.Add("bob", cameraSsrc: null, slots: 1);
        room.Router.Place(ann.Peer, VideoRoomFixture.Room);
        room.Router.Place(bob.Peer, VideoRoomFixture.Room);
        Assert.Single(ann.Rtcp); // the new slot asked for a keyframe
        room.Time.Advance(TimeSpan.FromSeconds(1));

        var pli = new byte[20];
        RtcpFeedback.WritePli(pli, 0xB0B, bob.SlotSsrc(0));
        for (var i = 0; i < 100; i++)
        {
            bob.SendRtcp(pli); // a flood
        }

        Assert.Equal(2, ann.Rtcp.Count);
        var forwarded = ann.Rtcp[1];
        Assert.Equal(206, forwarded[9]);
        Assert.Equal(1, forwarded[8] & 0x1F);
        Assert.Equal(1111u, BinaryPrimitives.ReadUInt32BigEndian(forwarded.AsSpan(16)));
        Assert.Equal(99, ann.Peer.Counters.KeyFrameRequestsSuppressed);

        room.Time.Advance(VideoSource.KeyFrameInterval);
        bob.SendRtcp(pli);
        Assert.Equal(3, ann.Rtcp.Count);
    }

    [Fact]
    public void A_nack_is_answered_from_the_cache_with_the_same_rewritten_packet()
    {
        using var room = new VideoRoomFixture();
        var ann = room.Add("ann", cameraSsrc: 1111, slots: 1);
        var bob = room.Add("bob", cameraSsrc: null, slots: 1);
        room.Router.Place(ann.Peer, VideoRoomFixture.Room);
        room.Router.Place(bob.Peer, VideoRoomFixture.Room);
        bob.Lose = static n => n is 1 or 4;
        for (ushort i = 0; i < 5; i++)
        {
            VideoRoomFixture.Receive(ann.Peer, VideoRoomFixture.VideoPacket(1111, (ushort)(10 + i), 3000, fill: (byte)i));
        }

        Assert.Equal(3, bob.Rtp.Count);
        var lost = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(bob.Rtp[0].AsSpan(2)) + 1);
        var nack = VideoRoomFixture.Nack(bob.SlotSsrc(0), (lost, 0b100)); // and lost + 3

        bob.SendRtcp(nack);

        Assert.Equal(5, bob.Rtp.Count);
        Assert.Equal(lost, BinaryPrimitives.ReadUInt16BigEndian(bob.Rtp[3].AsSpan(2)));
        Assert.Equal(1, bob.Rtp[3][^1]);
        Assert.Equal((ushort)(lost + 3), BinaryPrimitives.ReadUInt16BigEndian(bob.Rtp[4].AsSpan(2)));
        Assert.Equal(4, bob.Rtp[4][^1]);
        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(bob.Rtp[0].AsSpan(4)), BinaryPrimitives.ReadUInt32BigEndian(bob.Rtp[3].AsSpan(4)));
        Assert.Equal(2, bob.Peer.Counters.Retransmitted);
        Assert.Empty(ann.Rtcp.Skip(1)); // nothing asked of the sender
    }

    [Fact]
    public void The_lowest_receiver_estimate_goes_to_the_sender()
    {
        using var room = new VideoRoomFixture();
        var ann = room.Add("ann", cameraSsrc: 1111, slots: 1);
        var bob = room.Add("bob", cameraSsrc: null, slots: 1);
        var cat = room.Add("cat", cameraSsrc: null, slots: 1);
        foreach (var browser in new[] { ann, bob, cat })
        {
            room.Router.Place(browser.Peer, VideoRoomFixture.Room);
        }

        var remb = new byte[32];
        RtcpFeedback.WriteRemb(remb, 0xB0B, bob.SlotSsrc(0), 1_500_000);
        bob.SendRtcp(remb);
        RtcpFeedback.WriteRemb(remb, 0xCA7, cat.SlotSsrc(0), 400_000);
        cat.SendRtcp(remb);
        ann.Rtcp.Clear();

        ann.Peer.SendEstimates();

        var sent = Assert.Single(ann.Rtcp);
        Assert.True(RtcpFeedback.TryReadRemb(sent.AsSpan(12), out var bitrate, out var count));
        Assert.Equal(1, count);
        Assert.Equal(1111u, RtcpFeedback.RembSsrc(sent.AsSpan(12), 0));
        Assert.InRange(bitrate, 399_000, 400_000);
    }

    [Fact]
    public void Screens_get_slots_only_while_shared()
    {
        using var room = new VideoRoomFixture();
        var ann = room.Add("ann", cameraSsrc: 1111, slots: 2, screenSsrc: 1112);
        var bob = room.Add("bob", cameraSsrc: null, slots: 2);
        room.Router.Place(ann.Peer, VideoRoomFixture.Room);
        room.Router.Place(bob.Peer, VideoRoomFixture.Room);
        var changes = 0;
        bob.Peer.SlotsChanged += (_, _) => changes++;

        room.Router.SetScreenSharing(ann.Peer, true);
        VideoRoomFixture.Receive(ann.Peer, VideoRoomFixture.VideoPacket(1112, 1, 1));

        Assert.Equal(1, changes);
        Assert.Equal([("3", "ann", VideoSourceKind.Camera), ("4", "ann", VideoSourceKind.Screen)], VideoRouter.Describe(bob.Peer));
        Assert.Equal(bob.SlotSsrc(1), BinaryPrimitives.ReadUInt32BigEndian(Assert.Single(bob.Rtp).AsSpan(8)));

        room.Router.SetScreenSharing(ann.Peer, false);
        VideoRoomFixture.Receive(ann.Peer, VideoRoomFixture.VideoPacket(1112, 2, 2));
        Assert.Equal(2, changes);
        Assert.Single(bob.Rtp);
        Assert.Equal([("3", "ann", VideoSourceKind.Camera)], VideoRouter.Describe(bob.Peer));
    }

    [Fact]
    public void Forwarding_allocates_nothing_per_packet()
    {
        using var room = new VideoRoomFixture();
        var ann = room.Add("ann", cameraSsrc: 1111, slots: 1, record: false);
        var bob = room.Add("bob", cameraSsrc: null, slots: 1, record: false);
        var cat = room.Add("cat", cameraSsrc: null, slots: 1, record: false);
        foreach (var browser in new[] { ann, bob, cat })
        {
            room.Router.Place(browser.Peer, VideoRoomFixture.Room);
        }

        var packet = VideoRoomFixture.VideoPacket(1111, 0, 0);
        Assert.True(RtpPacket.TryParse(packet, out _));
        for (var i = 0; i < 100; i++)
        {
            Forward(ann.Peer, packet, (ushort)i);
        }

        var sequence = 100;
        AllocationRounds.AssertNone(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                Forward(ann.Peer, packet, (ushort)sequence++);
            }
        });

        Assert.Equal(3100, bob.Datagrams);
        Assert.Equal(3100, ann.Peer.Counters.Received);
    }

    private static void Forward(VideoPeer peer, byte[] packet, ushort sequence)
    {
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        RtpPacket.TryParse(packet, out var parsed);
        peer.OnRtp(parsed);
    }
}
