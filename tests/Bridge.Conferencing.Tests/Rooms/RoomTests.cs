using Bridge.Conferencing.Prompts;
using Bridge.Conferencing.Tests.Fakes;

namespace Bridge.Conferencing.Tests.Rooms;

public sealed class RoomTests
{
    [Fact]
    public void EachJoinerHearsHowManyOthersAreIn()
    {
        var h = new Harness();
        var heard = new List<PromptRef[]>();
        for (var i = 0; i < 23; i++)
        {
            var (leg, _) = h.Join("4711", "246810", user: "user" + i);
            heard.Add(leg.Played[^1]);
        }

        Assert.Equal([PromptId.FirstParticipant], heard[0].Select(p => p.Id));
        Assert.Equal([PromptId.OneOtherParticipant], heard[1].Select(p => p.Id));
        Assert.Equal([PromptId.ThereAre, PromptId.Number, PromptId.OtherParticipants], heard[2].Select(p => p.Id));
        Assert.Equal(2, heard[2][1].Number);
        Assert.Equal("en/number-20.wav", heard[20][1].RelativePath);
        Assert.Equal([PromptId.MoreThanTwentyParticipants], heard[21].Select(p => p.Id));
        Assert.Equal([PromptId.MoreThanTwentyParticipants], heard[22].Select(p => p.Id));
        Assert.Equal(23, h.Audio.Of("4711").Members.Count);
        Assert.Single(h.Audio.Created);
    }

    [Fact]
    public void RoomOpensWithTheFirstAndClosesWithTheLast()
    {
        var h = new Harness();
        var (_, a) = h.Join("4711", "246810");
        var (_, b) = h.Join("4711", "246810", user: "bob");
        var first = h.Audio.Of("4711");
        Assert.Equal(2, Assert.Single(h.Service.Rooms).Participants);

        a.OnRemoteHangup();
        Assert.False(first.Disposed);
        b.OnRemoteHangup();

        Assert.True(first.Disposed);
        Assert.Empty(first.Members);
        Assert.Empty(h.Service.Rooms);

        h.Join("4711", "246810", user: "carol");
        Assert.Equal(2, h.Audio.Created.Count);
        Assert.NotSame(first, h.Audio.Of("4711"));
    }

    [Fact]
    public void JoinAndLeaveTonesWhenAnnounced()
    {
        var h = new Harness();
        var (_, moderator) = h.Join("4712", "314159");
        var audio = h.Audio.Of("4712");
        Assert.Empty(audio.PlayedToRoom); // nobody to tell

        var (_, participant) = h.Join("4712", "112358", user: "bob");
        Assert.Equal([PromptId.ParticipantJoined], audio.PlayedToRoom);

        participant.OnRemoteHangup();
        Assert.Equal([PromptId.ParticipantJoined, PromptId.ParticipantLeft], audio.PlayedToRoom);
        Assert.False(moderator.Completion.IsCompleted);
    }

    [Fact]
    public void NoTonesWithoutAnnounceJoinLeave()
    {
        var h = new Harness();
        h.Join("4711", "246810");
        var (_, b) = h.Join("4711", "246810", user: "bob");
        b.OnRemoteHangup();

        Assert.Empty(h.Audio.Of("4711").PlayedToRoom);
    }

    [Fact]
    public void ParticipantsWaitForTheModerator()
    {
        var h = new Harness();
        var (alice, _) = h.Join("4712", "112358", user: "alice");
        var (bob, _) = h.Join("4712", "112358", user: "bob");
        var audio = h.Audio.Of("4712");

        Assert.Equal([PromptId.FirstParticipant, PromptId.WaitingForModerator], alice.Played[^1].Select(p => p.Id));
        Assert.False(audio.Hears(alice));
        Assert.False(audio.Hears(bob));

        var (mod, moderatorCall) = h.Join("4712", "314159", user: "mod");
        Assert.True(audio.Hears(alice));
        Assert.True(audio.Hears(bob));
        Assert.True(audio.Hears(mod));
        Assert.DoesNotContain(PromptId.WaitingForModerator, mod.Last);

        moderatorCall.OnRemoteHangup();
        Assert.False(audio.Hears(alice));
        Assert.Equal([PromptId.WaitingForModerator], alice.Last);
        Assert.False(alice.HungUp);
    }

    [Fact]
    public void ConferenceEndsWhenTheModeratorLeaves()
    {
        var h = new Harness();
        var (_, moderator) = h.Join("4713", "444555");
        var (alice, aliceCall) = h.Join("4713", "222333", user: "alice");
        var (bob, _) = h.Join("4713", "222333", user: "bob");
        var audio = h.Audio.Of("4713");

        moderator.OnRemoteHangup();

        Assert.Equal([PromptId.ConferenceEnded, PromptId.Goodbye], alice.Last);
        Assert.Equal([PromptId.ConferenceEnded, PromptId.Goodbye], bob.Last);
        Assert.True(alice.HungUp && bob.HungUp);
        Assert.True(aliceCall.Completion.IsCompleted);
        Assert.True(audio.Disposed);
        Assert.Empty(audio.Members);
        Assert.Empty(h.Service.Rooms);
    }

    [Fact]
    public void ParticipantLeavingDoesNotEndTheConference()
    {
        var h = new Harness();
        h.Join("4713", "444555");
        var (_, alice) = h.Join("4713", "222333", user: "alice");
        var (bob, _) = h.Join("4713", "222333", user: "bob");

        alice.OnRemoteHangup();

        Assert.False(bob.HungUp);
        Assert.Equal(2, Assert.Single(h.Service.Rooms).Participants);
    }

    [Fact]
    public void FullRoomRefusesTheNextCaller()
    {
        var h = new Harness();
        h.Join("4714", "666777", user: "a");
        h.Join("4714", "666777", user: "b");

        var (third, call) = h.Join("4714", "666777", user: "c");

        Assert.Equal([PromptId.RoomFull, PromptId.Goodbye], third.Last);
        Assert.True(third.HungUp);
        Assert.True(call.Completion.IsCompleted);
        Assert.Equal(2, h.Audio.Of("4714").Members.Count);
    }

    [Fact]
    public void StarSixMutesAndUnmutesSelf()
    {
        var h = new Harness();
        var (leg, call) = h.Join("4711", "246810");
        var audio = h.Audio.Of("4711");

        Harness.Type(call, "*6");
        Assert.Contains(leg, audio.Muted);
        Assert.Equal([PromptId.Muted], leg.Last);

        Harness.Type(call, "*6");
        Assert.DoesNotContain(leg, audio.Muted);
        Assert.Equal([PromptId.Unmuted], leg.Last);
    }

    [Fact]
    public void StarCommandMustFollowWithinThreeSeconds()
    {
        var h = new Harness();
        var (leg, call) = h.Join("4711", "246810");

        call.OnDigit('*');
        h.Time.Advance(TimeSpan.FromSeconds(4));
        call.OnDigit('6');
        call.OnDigit('6');

        Assert.DoesNotContain(leg, h.Audio.Of("4711").Muted);
    }

    [Fact]
    public void StarHashTellsTheCount()
    {
        var h = new Harness();
        var (leg, call) = h.Join("4711", "246810");
        h.Join("4711", "246810", user: "bob");
        h.Join("4711", "246810", user: "carol");

        Harness.Type(call, "*#");

        Assert.Equal([PromptId.ThereAre, PromptId.Number, PromptId.OtherParticipants], leg.Last);
        Assert.Equal(2, leg.Played[^1][1].Number);
    }

    [Fact]
    public void ModeratorLocksAndUnlocksTheRoom()
    {
        var h = new Harness();
        var (mod, modCall) = h.Join("4711", "135791", user: "mod");

        Harness.Type(modCall, "*5");
        Assert.Equal([PromptId.RoomLocked], mod.Last);
        Assert.True(Assert.Single(h.Service.Rooms).Locked);

        var (late, lateCall) = h.Join("4711", "246810", user: "late");
        Assert.Equal([PromptId.RoomLocked, PromptId.Goodbye], late.Last);
        Assert.True(lateCall.Completion.IsCompleted);

        var (_, otherModerator) = h.Join("4711", "135791", user: "mod2");
        Assert.Equal(ConferenceRole.Moderator, otherModerator.Role); // moderators still get in

        Harness.Type(modCall, "*5");
        Assert.Equal([PromptId.RoomUnlocked], mod.Last);
        var (_, nowIn) = h.Join("4711", "246810", user: "later");
        Assert.Equal(ConferenceRole.Participant, nowIn.Role);
    }

    [Fact]
    public void ParticipantCannotLockOrMuteOthers()
    {
        var h = new Harness();
        var (_, alice) = h.Join("4711", "246810", user: "alice");
        var (bob, _) = h.Join("4711", "246810", user: "bob");

        Harness.Type(alice, "*5*8");

        Assert.False(Assert.Single(h.Service.Rooms).Locked);
        Assert.DoesNotContain(bob, h.Audio.Of("4711").Muted);
    }

    [Fact]
    public void ModeratorMutesAllOthers()
    {
        var h = new Harness();
        var (mod, modCall) = h.Join("4711", "135791", user: "mod");
        var (alice, _) = h.Join("4711", "246810", user: "alice");
        var (bob, _) = h.Join("4711", "246810", user: "bob");
        var audio = h.Audio.Of("4711");

        Harness.Type(modCall, "*8");

        Assert.Contains(alice, audio.Muted);
        Assert.Contains(bob, audio.Muted);
        Assert.DoesNotContain(mod, audio.Muted);
        Assert.Equal([PromptId.AllMuted], mod.Last);
        Assert.Equal([PromptId.Muted], alice.Last);
    }

    [Fact]
    public void MuteOnJoinMutesParticipantsButNotModerators()
    {
        var h = new Harness();
        var (mod, _) = h.Join("4715", "121212", user: "mod");
        var (alice, aliceCall) = h.Join("4715", "888999", user: "alice");
        var audio = h.Audio.Of("4715");

        Assert.DoesNotContain(mod, audio.Muted);
        Assert.Contains(alice, audio.Muted);
        Assert.Equal([PromptId.OneOtherParticipant, PromptId.Muted], alice.Last);

        Harness.Type(aliceCall, "*6");
        Assert.DoesNotContain(alice, audio.Muted);
    }

    [Fact]
    public void EndingSoonPlaysToTheRoom()
    {
        var h = new Harness();
        h.Join("4711", "246810");

        Assert.True(h.Service.AnnounceEndingSoon("4711"));
        Assert.False(h.Service.AnnounceEndingSoon("4712"));

        Assert.Equal([PromptId.EndsInFiveMinutes], h.Audio.Of("4711").PlayedToRoom);
    }

    [Fact]
    public void ScheduledEndHangsEveryoneUp()
    {
        var h = new Harness();
        var (a, _) = h.Join("4711", "246810", user: "a");
        var (b, _) = h.Join("4711", "135791", user: "b");

        Assert.True(h.Service.EndConference("4711"));

        Assert.True(a.HungUp && b.HungUp);
        Assert.Equal([PromptId.ConferenceEnded, PromptId.Goodbye], a.Last);
        Assert.True(h.Audio.Of("4711").Disposed);
        Assert.Empty(h.Service.Rooms);
        Assert.False(h.Service.EndConference("4711"));
    }

    [Fact]
    public void HangingUpDuringAnEndingPromptLeavesNoTrace()
    {
        var h = new Harness();
        var (leg, call) = h.Dial("74714", autoComplete: false);
        leg.FinishPrompts();
        Harness.Type(call, "000000#000000#000000#"); // ends with WrongPin, Goodbye still playing

        call.OnRemoteHangup();
        leg.FinishPrompts();
        h.Time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(0, leg.HangupCount);
        Assert.True(call.Completion.IsCompleted);
    }

    [Fact]
    public void BridgeHangsUpIfTheLegNeverFinishesTheGoodbye()
    {
        var h = new Harness();
        var (leg, call) = h.Dial("conf", autoComplete: false);
        leg.FinishPrompts();
        h.Time.Advance(TimeSpan.FromSeconds(10));
        leg.FinishPrompts();
        h.Time.Advance(TimeSpan.FromSeconds(10)); // goodbye starts, never finishes
        Assert.False(leg.HungUp);

        h.Time.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(1, leg.HangupCount);
        Assert.True(call.Completion.IsCompleted);
    }
}
