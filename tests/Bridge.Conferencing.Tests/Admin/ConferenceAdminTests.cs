using Bridge.Conferencing.Admin;
using Bridge.Conferencing.Prompts;
using Bridge.Conferencing.Tests.Fakes;

namespace Bridge.Conferencing.Tests.Admin;

public sealed class ConferenceAdminTests
{
    [Fact]
    public async Task MuteAndUnmuteReachTheMixerAndThePhoneHearsIt()
    {
        var h = new Harness();
        var (alice, _) = h.Join("4711", "246810");
        var (bob, _) = h.Join("4711", "246810", user: "bob");
        var audio = h.Audio.Of("4711");

        Assert.Equal(AdminResult.Done, await h.Service.SetMutedAsync("4711", bob.Id, muted: true));
        Assert.Contains(bob, audio.Muted);
        Assert.DoesNotContain(alice, audio.Muted);
        Assert.Equal([PromptId.Muted], bob.Last);

        Assert.Equal(AdminResult.Done, await h.Service.SetMutedAsync("4711", bob.Id, muted: false));
        Assert.DoesNotContain(bob, audio.Muted);
        Assert.Equal([PromptId.Unmuted], bob.Last);

        // Asking for the state it already has changes nothing and plays nothing.
        var played = bob.Played.Count;
        Assert.Equal(AdminResult.Done, await h.Service.SetMutedAsync("4711", bob.Id, muted: false));
        Assert.Equal(played, bob.Played.Count);
        Assert.Contains(h.Logs.Lines, l => l.Contains("Admin: call leg-2 in room 4711 muted=True", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownRoomOrParticipantIsNotFound()
    {
        var h = new Harness();
        var (alice, _) = h.Join("4711", "246810");
        Assert.Equal(AdminResult.RoomNotFound, await h.Service.SetMutedAsync("4712", alice.Id, true));
        Assert.Equal(AdminResult.RoomNotFound, await h.Service.SetMutedAsync("9999", alice.Id, true));
        Assert.Equal(AdminResult.ParticipantNotFound, await h.Service.SetMutedAsync("4711", "nobody", true));
        Assert.Equal(AdminResult.ParticipantNotFound, await h.Service.RemoveAsync("4711", "nobody"));
        Assert.Equal(AdminResult.RoomNotFound, await h.Service.SetLockedAsync("4712", true));
        Assert.Equal(AdminResult.RoomNotFound, await h.Service.EndAsync("4712"));
        Assert.False(alice.HungUp);
    }

    [Fact]
    public async Task RemovedPhoneHearsItWasRemovedThenGoodbyeAndIsHungUp()
    {
        var h = new Harness();
        var (alice, _) = h.Join("4711", "246810");
        var (bob, bobCall) = h.Join("4711", "246810", user: "bob");
        var audio = h.Audio.Of("4711");

        Assert.Equal(AdminResult.Done, await h.Service.RemoveAsync("4711", bob.Id));
        Assert.DoesNotContain(bob, audio.Members);
        Assert.Equal([PromptId.Removed, PromptId.Goodbye], bob.Last); // as the page's Remove
        Assert.True(bob.HungUp); // after "goodbye" played (the fake completes prompts at once): BYE
        Assert.True(bobCall.Completion.IsCompleted);
        Assert.False(alice.HungUp);
        Assert.Equal(1, Assert.Single(h.Service.Rooms).Participants);
    }

    [Fact]
    public async Task LockKeepsNewParticipantsOutAndUnlockLetsThemIn()
    {
        var h = new Harness();
        h.Join("4711", "246810");
        var audio = h.Audio.Of("4711");

        Assert.Equal(AdminResult.Done, await h.Service.SetLockedAsync("4711", true));
        Assert.True(Assert.Single(h.Service.Rooms).Locked);
        Assert.Equal([PromptId.RoomLocked], audio.PlayedToRoom);
        var (late, _) = h.Join("4711", "246810", user: "late");
        Assert.DoesNotContain(late, audio.Members);

        Assert.Equal(AdminResult.Done, await h.Service.SetLockedAsync("4711", false));
        Assert.False(Assert.Single(h.Service.Rooms).Locked);
        var (later, _) = h.Join("4711", "246810", user: "later");
        Assert.Contains(later, audio.Members);
    }

    [Fact]
    public async Task EndHangsEveryoneUp()
    {
        var h = new Harness();
        var (alice, _) = h.Join("4711", "246810");
        var (bob, _) = h.Join("4711", "246810", user: "bob");

        Assert.Equal(AdminResult.Done, await h.Service.EndAsync("4711"));
        Assert.Empty(h.Service.Rooms);
        Assert.True(alice.HungUp);
        Assert.True(bob.HungUp);
        Assert.Equal([PromptId.ConferenceEnded, PromptId.Goodbye], bob.Last);
    }

    [Fact]
    public void RoomsListConfiguredAndOpen()
    {
        var h = new Harness();
        h.Join("4711", "246810");
        var rooms = h.Service.GetRooms();
        Assert.Equal(h.DialPlan.Rooms.Count, rooms.Count);
        var standUp = Assert.Single(rooms, r => r.Number == "4711");
        Assert.Equal("Daily stand-up", standUp.Name);
        Assert.True(standUp.Open);
        Assert.True(standUp.Configured);
        Assert.Equal(1, standUp.Participants);
        Assert.NotNull(standUp.OpenedAt);
        var closed = Assert.Single(rooms, r => r.Number == "4712");
        Assert.False(closed.Open);
        Assert.Null(closed.OpenedAt);
        Assert.Equal(rooms.OrderBy(r => r.Number, StringComparer.Ordinal).Select(r => r.Number), rooms.Select(r => r.Number));
    }
}
