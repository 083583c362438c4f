using Bridge.Conferencing.Members;
using Bridge.Conferencing.Roster;
using Bridge.Conferencing.Tests.Fakes;

namespace Bridge.Conferencing.Tests.Members;

/// <summary>
/// Issue 10's room states for the page: the lock state goes with the roster (a lock or unlock alone raises the change,
/// whoever made it: a moderator's page, a phone moderator's <c>*5</c>, the admin API), and a browser's leg is told why
/// the room ended it (removed, meeting ended, denied) before it is hung up.
/// </summary>
public sealed class RoomStateTests
{
    [Fact]
    public async Task ALockOrUnlockFromThePageTheKeypadOrTheAdminApiRaisesTheRosterWithTheLockState()
    {
        var h = new Harness();
        var (phone, call) = h.Join("4711", "135791"); // the moderator PIN
        var (moderator, _) = await MemberActionTests.JoinBrowserAsync(h, "web-1", ConferenceRole.Moderator);
        var changes = new List<(string Room, bool Locked, int Entries)>();
        h.Service.Changed += (_, e) => changes.Add((e.Room, e.Locked, e.Entries.Count));
        IRoomLockState state = h.Service;

        Assert.False(state.IsLocked("4711"));
        Assert.Equal(MemberActionResult.Done, await h.Service.ActAsync(MemberAction.Lock, "4711", moderator.Id));
        Assert.True(state.IsLocked("4711"));
        Harness.Type(call, "*5"); // the phone moderator unlocks
        Assert.False(state.IsLocked("4711"));
        await h.Service.SetLockedAsync("4711", true); // the admin API
        Assert.True(state.IsLocked("4711"));
        await h.Service.SetLockedAsync("4711", true); // no change: nothing raised

        Assert.Equal([("4711", true, 2), ("4711", false, 2), ("4711", true, 2)], changes);
        Assert.False(state.IsLocked("4712"));
        Assert.False(phone.HungUp);
    }

    [Fact]
    public async Task ABrowserLegIsToldWhyTheRoomEndedIt()
    {
        var h = new Harness();
        var (moderator, _) = await MemberActionTests.JoinBrowserAsync(h, "web-1", ConferenceRole.Moderator);
        var (removed, _) = await MemberActionTests.JoinBrowserAsync(h, "web-2", ConferenceRole.Participant);
        var (byAdmin, _) = await MemberActionTests.JoinBrowserAsync(h, "web-3", ConferenceRole.Participant);
        var (stays, _) = await MemberActionTests.JoinBrowserAsync(h, "web-4", ConferenceRole.Participant);

        Assert.Equal(MemberActionResult.Done, await h.Service.ActAsync(MemberAction.Remove, "4711", moderator.Id, removed.Id));
        await h.Service.RemoveAsync("4711", byAdmin.Id);
        Assert.Equal(LegEndReason.Other, stays.EndReason);
        Assert.Equal(MemberActionResult.Done, await h.Service.ActAsync(MemberAction.End, "4711", moderator.Id));

        Assert.Equal(LegEndReason.Removed, removed.EndReason);
        Assert.Equal(LegEndReason.Removed, byAdmin.EndReason);
        Assert.Equal(LegEndReason.MeetingEnded, stays.EndReason);
        Assert.Equal(LegEndReason.MeetingEnded, moderator.EndReason);
        Assert.All([removed, byAdmin, stays, moderator], leg => Assert.Equal(1, leg.HangupCount));
    }

    [Fact]
    public async Task ABrowserTurnedAwayFromTheLobbyIsToldItWasDenied()
    {
        var h = new Harness();
        var (moderator, _) = await MemberActionTests.JoinBrowserAsync(h, "web-1", ConferenceRole.Moderator, "4719");
        var (waiting, _) = await MemberActionTests.JoinBrowserAsync(h, "web-2", ConferenceRole.Participant, "4719");

        Assert.Equal(MemberActionResult.Done, await h.Service.ActAsync(MemberAction.Deny, "4719", moderator.Id, waiting.Id));

        Assert.Equal(LegEndReason.Denied, waiting.EndReason);
        Assert.Equal(LegEndReason.Other, moderator.EndReason);
    }
}
