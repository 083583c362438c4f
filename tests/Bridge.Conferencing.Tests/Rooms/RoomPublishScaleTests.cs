using System.Globalization;
using System.Text;
using Bridge.Conferencing.Roster;
using Bridge.Conferencing.Tests.Fakes;

namespace Bridge.Conferencing.Tests.Rooms;

/// <summary>
/// Issue 14 (join storm): a join or a leave republishes only its own room's roster and snapshot, so its cost does not
/// grow with everyone else on the bridge; what the roster and the room list show stays the same.
/// </summary>
public sealed class RoomPublishScaleTests
{
    private const string Pin = "123456";

    [Fact]
    public void AJoinAndALeaveAmongTwoThousandCallersMakeLittleGarbage()
    {
        var harness = new Harness(plan: Plan(100));
        for (int i = 0; i < 2000; i++)
        {
            harness.Join(Room(i % 100), Pin, user: "steady" + i.ToString(CultureInfo.InvariantCulture));
        }

        // Warm up the path once, then measure on this thread (the test's queue runs the actions inline).
        harness.Join(Room(0), Pin, user: "warm").Call.OnRemoteHangup();
        long before = GC.GetAllocatedBytesForCurrentThread();
        const int calls = 100;
        for (int i = 0; i < calls; i++)
        {
            var (_, call) = harness.Join(Room(i), Pin, user: "storm" + i.ToString(CultureInfo.InvariantCulture));
            call.OnRemoteHangup();
        }

        long perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / calls;
        // Rebuilding all 100 rooms' rosters on each join and leave made about 1 MiB per call here; one room's is a few KiB.
        Assert.True(perCall < 64 * 1024, $"{perCall} bytes allocated per join and leave");
        Assert.Equal(100, harness.Service.Rooms.Count);
        Assert.All(harness.Service.Rooms, r => Assert.Equal(20, r.Participants));
    }

    [Fact]
    public void AJoinRaisesTheChangeOfItsRoomOnlyAndKeepsTheOthersJoinTimes()
    {
        var harness = new Harness(plan: Plan(3));
        harness.Join(Room(0), Pin, user: "a1");
        harness.Join(Room(1), Pin, user: "b1");
        var firstJoined = harness.Service.Get(Room(0))[0].JoinedAt;
        var changes = new List<RosterChangedEventArgs>();
        harness.Service.Changed += (_, e) => changes.Add(e);

        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var (_, second) = harness.Join(Room(0), Pin, user: "a2");
        var roster = harness.Service.Get(Room(0));
        second.OnRemoteHangup();

        Assert.Equal([(Room(0), 2), (Room(0), 1)], changes.Select(c => (c.Room, c.Entries.Count)));
        Assert.Equal([firstJoined, firstJoined + TimeSpan.FromMinutes(1)], roster.Select(e => e.JoinedAt));
        Assert.Equal(firstJoined, harness.Service.Get(Room(0))[0].JoinedAt);
        Assert.Single(harness.Service.Get(Room(1)));
        Assert.Equal([(Room(0), 1), (Room(1), 1)], harness.Service.Rooms.Select(r => (r.Number, r.Participants)));
    }

    [Fact]
    public void ARoomThatClosesLeavesTheListAndItsRosterEmptiesOnce()
    {
        var harness = new Harness(plan: Plan(3));
        var (_, a) = harness.Join(Room(0), Pin, user: "a1");
        harness.Join(Room(1), Pin, user: "b1");
        harness.Join(Room(2), Pin, user: "c1");
        var changes = new List<RosterChangedEventArgs>();
        harness.Service.Changed += (_, e) => changes.Add(e);

        a.OnRemoteHangup();

        Assert.Equal([(Room(0), 0)], changes.Select(c => (c.Room, c.Entries.Count)));
        Assert.Empty(harness.Service.Get(Room(0)));
        Assert.Equal([Room(1), Room(2)], harness.Service.Rooms.Select(r => r.Number));
        harness.Join(Room(0), Pin, user: "a2");
        Assert.Equal(3, harness.Service.Rooms.Count);
        Assert.Contains(harness.Service.Rooms, r => r.Number == Room(0) && r.Participants == 1);
    }

    private static string Room(int index) => (5001 + index).ToString(CultureInfo.InvariantCulture);

    private static string Plan(int rooms)
    {
        var plan = new StringBuilder("routes:\n  - dialled: '/^7(\\d{4})$/'\n    room: \"$1\"\nrooms:\n");
        for (int room = 0; room < rooms; room++)
        {
            plan.Append(CultureInfo.InvariantCulture, $"  - number: \"{Room(room)}\"\n    pin: \"{Pin}\"\n");
        }

        return plan.ToString();
    }
}
