using Bridge.Calls.WebRtc.Video;

namespace Bridge.Calls.Tests.WebRtc.Video;

/// <summary>
/// More senders than a browser's 8 slots (issue 10): the 9th and later are paused for it (listed, no slot), and a slot
/// that frees goes to the sender that has waited longest, which is not always the first in join order (a screen shared
/// late waits behind cameras that were waiting already).
/// </summary>
public sealed class VideoPausedTests
{
    [Fact]
    public void The_ninth_and_tenth_senders_are_paused_and_a_freed_slot_goes_to_the_longest_waiting()
    {
        using var room = new VideoRoomFixture();
        var viewer = room.Add("viewer", cameraSsrc: null, slots: 8);
        room.Router.Place(viewer.Peer, VideoRoomFixture.Room);
        var senders = new List<VideoRoomFixture.Browser>();
        for (var i = 0; i < 10; i++)
        {
            var sender = room.Add("s" + i, cameraSsrc: (uint)(1000 + i), screenSsrc: (uint)(2000 + i), slots: 8, record: false);
            room.Router.Place(sender.Peer, VideoRoomFixture.Room);
            senders.Add(sender);
        }

        Assert.Equal(["s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7"], VideoRouter.Describe(viewer.Peer).Select(s => s.ParticipantId));
        Assert.Equal([("s8", VideoSourceKind.Camera), ("s9", VideoSourceKind.Camera)], VideoRouter.DescribePaused(viewer.Peer));

        // s0 shares its screen: it waits behind s8 and s9, though s0 joined first.
        room.Router.SetScreenSharing(senders[0].Peer, true);
        Assert.Equal([("s8", VideoSourceKind.Camera), ("s9", VideoSourceKind.Camera), ("s0", VideoSourceKind.Screen)], VideoRouter.DescribePaused(viewer.Peer));

        // s3 leaves: its slot goes to s8, the longest waiting, and the others keep their slots.
        var before = VideoRouter.Describe(viewer.Peer).ToDictionary(s => s.Mid);
        room.Router.Place(senders[3].Peer, null);
        var after = VideoRouter.Describe(viewer.Peer).ToDictionary(s => s.Mid);
        var freed = before.Single(s => s.Value.ParticipantId == "s3").Key;
        Assert.Equal(("s8", VideoSourceKind.Camera), (after[freed].ParticipantId, after[freed].Kind));
        Assert.All(after.Where(s => s.Key != freed), s => Assert.Equal(before[s.Key], s.Value));
        Assert.Equal([("s9", VideoSourceKind.Camera), ("s0", VideoSourceKind.Screen)], VideoRouter.DescribePaused(viewer.Peer));

        // s5 leaves: s9 (not s0's screen, which is first in join order).
        room.Router.Place(senders[5].Peer, null);
        Assert.Contains(VideoRouter.Describe(viewer.Peer), s => s.ParticipantId == "s9");
        Assert.Equal([("s0", VideoSourceKind.Screen)], VideoRouter.DescribePaused(viewer.Peer));

        // A sender that stops waiting (s0 stops sharing) leaves the list; nobody is paused for the senders themselves
        // beyond their own 8 slots minus themselves.
        room.Router.SetScreenSharing(senders[0].Peer, false);
        Assert.Empty(VideoRouter.DescribePaused(viewer.Peer));
        Assert.Equal(8, VideoRouter.Describe(viewer.Peer).Count);
    }

    [Fact]
    public void The_page_is_told_when_its_paused_list_changes()
    {
        using var room = new VideoRoomFixture();
        var viewer = room.Add("viewer", cameraSsrc: null, slots: 1);
        var ann = room.Add("ann", cameraSsrc: 1111, slots: 1, record: false);
        var bob = room.Add("bob", cameraSsrc: 2222, slots: 1, record: false);
        room.Router.Place(viewer.Peer, VideoRoomFixture.Room);
        room.Router.Place(ann.Peer, VideoRoomFixture.Room);
        var changes = 0;
        viewer.Peer.SlotsChanged += (_, _) => changes++;

        room.Router.Place(bob.Peer, VideoRoomFixture.Room); // no slot for Bob: only the paused list changes
        Assert.Equal(1, changes);
        Assert.Equal([("bob", VideoSourceKind.Camera)], VideoRouter.DescribePaused(viewer.Peer));
        room.Router.Place(ann.Peer, null);
        Assert.Equal(2, changes);
        Assert.Equal("bob", Assert.Single(VideoRouter.Describe(viewer.Peer)).ParticipantId);
        Assert.Empty(VideoRouter.DescribePaused(viewer.Peer));
    }
}
