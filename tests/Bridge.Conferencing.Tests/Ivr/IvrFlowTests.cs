using Bridge.Conferencing.Prompts;
using Bridge.Conferencing.Tests.Fakes;

namespace Bridge.Conferencing.Tests.Ivr;

public sealed class IvrFlowTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void ConferenceNumberThenPinJoinsAsParticipant()
    {
        var h = new Harness();
        var (leg, call) = h.Dial("conf");

        Assert.Equal([PromptId.Welcome, PromptId.EnterConferenceNumber], leg.Last);
        Harness.Type(call, "4711#");
        Assert.Equal([PromptId.EnterPin], leg.Last);
        Assert.Empty(h.Audio.Created); // never hears the room before the PIN

        Harness.Type(call, "246810#");

        Assert.Equal(ConferenceRole.Participant, call.Role);
        var audio = h.Audio.Of("4711");
        Assert.True(audio.Hears(leg));
        Assert.Equal([PromptId.FirstParticipant], leg.Last);
        Assert.False(leg.HungUp);
    }

    [Fact]
    public void ModeratorPinJoinsAsModerator()
    {
        var h = new Harness();
        var (_, call) = h.Join("4711", "135791");

        Assert.Equal(ConferenceRole.Moderator, call.Role);
        var room = Assert.Single(h.Service.Rooms);
        Assert.Equal(1, room.Moderators);
    }

    [Fact]
    public void DirectRouteAsksOnlyForThePin()
    {
        var h = new Harness();
        var (leg, _) = h.Dial("74711");

        Assert.Equal([PromptId.Welcome, PromptId.EnterPin], leg.Last);
    }

    [Fact]
    public void RoomLanguageIsUsedFromThePinPromptOn()
    {
        var h = new Harness();
        var (leg, call) = h.Dial("conf");
        Assert.Equal("en", leg.Played[^1][0].Language);

        Harness.Type(call, "4718#");

        Assert.Equal("de/enter-pin.wav", Assert.Single(leg.Played[^1]).RelativePath);
    }

    [Fact]
    public void ThreeWrongPinsEndTheCall()
    {
        var h = new Harness();
        var (leg, call) = h.Dial("74711");

        Harness.Type(call, "111111#");
        Assert.Equal([PromptId.WrongPin, PromptId.EnterPin], leg.Last);
        Harness.Type(call, "222222#");
        Assert.Equal([PromptId.WrongPin, PromptId.EnterPin], leg.Last);
        Harness.Type(call, "333333#");

        Assert.Equal([PromptId.WrongPin, PromptId.Goodbye], leg.Last);
        Assert.Equal(1, leg.HangupCount);
        Assert.True(call.Completion.IsCompleted);
        Assert.Empty(h.Audio.Created);
        Assert.Equal(ConferenceRole.None, call.Role);
    }

    [Fact]
    public void RightPinOnThirdTryStillJoins()
    {
        var h = new Harness();
        var (leg, call) = h.Dial("74711");

        Harness.Type(call, "111111#222222#246810#");

        Assert.Equal(ConferenceRole.Participant, call.Role);
        Assert.False(leg.HungUp);
    }

    [Fact]
    public void StarClearsTheEntry()
    {
        var h = new Harness();
        var (_, call) = h.Dial("74711");

        Harness.Type(call, "99*246810#");

        Assert.Equal(ConferenceRole.Participant, call.Role);
    }

    [Fact]
    public void DigitsWithoutHashDoNothing()
    {
        var h = new Harness();
        var (leg, call) = h.Dial("74711");

        Harness.Type(call, "246810");

        Assert.Equal(ConferenceRole.None, call.Role);
        Assert.Equal([PromptId.Welcome, PromptId.EnterPin], leg.Last);
    }

    [Fact]
    public void OverlongEntryIsWrongEvenIfItStartsWithThePin()
    {
        var h = new Harness();
        var (leg, call) = h.Dial("74711");

        Harness.Type(call, "246810" + new string('0', 40) + "#");

        Assert.Equal([PromptId.WrongPin, PromptId.EnterPin], leg.Last);
    }

    [Fact]
    public void UnknownConferenceNumberThreeTimesEndsTheCall()
    {
        var h = new Harness();
        var (leg, call) = h.Dial("conf");

        Harness.Type(call, "1#");
        Assert.Equal([PromptId.InvalidConferenceNumber, PromptId.EnterConferenceNumber], leg.Last);
        Harness.Type(call, "#");
        Harness.Type(call, "9999#");

        Assert.Equal([PromptId.InvalidConferenceNumber, PromptId.Goodbye], leg.Last);
        Assert.True(leg.HungUp);
    }

    [Fact]
    public void SilenceRepeatsThePromptOnceThenSaysGoodbye()
    {
        var h = new Harness();
        var (leg, call) = h.Dial("conf");
        Assert.Single(leg.Played);

        h.Time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.Single(leg.Played);
        h.Time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal([PromptId.EnterConferenceNumber], leg.Last);
        Assert.False(leg.HungUp);

        h.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([PromptId.Goodbye], leg.Last);
        Assert.True(leg.HungUp);
        Assert.True(call.Completion.IsCompleted);
    }

    [Fact]
    public void TypingRestartsTheInputTimeout()
    {
        var h = new Harness();
        var (leg, call) = h.Dial("74711");

        for (var i = 0; i < 5; i++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(8));
            call.OnDigit('2');
        }

        Assert.Single(leg.Played);
        Assert.False(leg.HungUp);
    }

    [Fact]
    public void TimeoutCountsFromTheEndOfThePrompt()
    {
        var h = new Harness();
        var (leg, _) = h.Dial("74711", autoComplete: false);

        h.Time.Advance(TimeSpan.FromSeconds(30)); // the prompt is still playing
        Assert.Single(leg.Played);

        leg.FinishPrompts();
        h.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, leg.Played.Count);
    }

    [Fact]
    public void TypingDuringAPromptStopsIt()
    {
        var h = new Harness();
        var (leg, call) = h.Dial("74711", autoComplete: false);

        call.OnDigit('2');

        Assert.Equal(1, leg.StopCount);
        Harness.Type(call, "46810#");
        Assert.Equal(ConferenceRole.Participant, call.Role);
    }

    [Fact]
    public void StalePromptCompletionDoesNotArmTheTimeout()
    {
        var h = new Harness();
        var (leg, call) = h.Dial("74711", autoComplete: false);
        call.OnDigit('2'); // barge-in, timeout armed now
        h.Time.Advance(TimeSpan.FromSeconds(5));
        leg.FinishPrompts(); // a late "done" from the stopped prompt must not restart the clock
        h.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(2, leg.Played.Count); // repeated at 10 s after the digit
    }

    [Fact]
    public void RemoteHangupEndsTheCallAndLaterDigitsAreIgnored()
    {
        var h = new Harness();
        var (leg, call) = h.Dial("74711");

        call.OnRemoteHangup();
        Harness.Type(call, "246810#");
        h.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.True(call.Completion.IsCompleted);
        Assert.Equal(0, leg.HangupCount);
        Assert.Empty(h.Audio.Created);
    }

    [Fact]
    public void EchoRoutePlaysTheIntroThenEchoesAfterOneSecond()
    {
        var h = new Harness();
        var (leg, call) = h.Dial("echo");

        Assert.Equal([PromptId.EchoTest], leg.Last);
        Assert.Equal(Second, leg.EchoDelay);
        Harness.Type(call, "1#");
        Assert.False(leg.HungUp);

        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.True(leg.HungUp);
    }

    [Fact]
    public void RejectDecisionIsNeverAnswered()
    {
        var h = new Harness();

        var decision = h.Service.Route("x");
        Assert.Equal(403, decision.Status);
        var (leg, call) = h.Dial("x");

        Assert.Empty(leg.Played);
        Assert.True(leg.HungUp);
        Assert.True(call.Completion.IsCompleted);
        Assert.Equal(404, h.Service.Route("nothing-here").Status);
    }

    [Fact]
    public void SecureRoomRefusesAnUnencryptedCallBeforeThePin()
    {
        var h = new Harness();
        var (leg, call) = h.Dial("conf", secure: false);

        Harness.Type(call, "4716#");

        Assert.Equal([PromptId.NotPossible, PromptId.Goodbye], leg.Last);
        Assert.True(leg.HungUp);
        Assert.DoesNotContain(PromptId.EnterPin, leg.AllPrompts);
    }

    [Fact]
    public void SecureRoomAdmitsAnEncryptedCall()
    {
        var h = new Harness();
        var (_, call) = h.Dial("conf", secure: true);

        Harness.Type(call, "4716#135246#");

        Assert.Equal(ConferenceRole.Participant, call.Role);
    }

    [Fact]
    public void HashedPinRoomVerifiesOffTheControlQueue()
    {
        var h = new Harness();
        var (leg, call) = h.Dial("74717");

        Harness.Type(call, "909091#");
        Assert.True(leg.WaitForPlayed(2, TimeSpan.FromSeconds(10)));
        Assert.Equal([PromptId.WrongPin, PromptId.EnterPin], leg.Last);
        Harness.Type(call, "909090#");
        Assert.True(leg.WaitForPlayed(3, TimeSpan.FromSeconds(10)));

        Assert.Equal([PromptId.FirstParticipant], leg.Last);
        Assert.Equal(ConferenceRole.Participant, call.Role);
    }

    [Fact]
    public void HangupWhileAHashedPinIsCheckedNeverJoins()
    {
        var background = new Queue<Action>();
        var h = new Harness(options: new ConferenceOptions { RunInBackground = background.Enqueue });
        var (leg, call) = h.Dial("74717");

        Harness.Type(call, "909090#");
        call.OnRemoteHangup();
        background.Dequeue()(); // the PBKDF2 check finishes after the caller hung up

        Assert.Single(leg.Played);
        Assert.Empty(h.Audio.Created);
        Assert.Equal(ConferenceRole.None, call.Role);
    }

    [Fact]
    public void DigitsWhileAHashedPinIsCheckedAreIgnored()
    {
        var background = new Queue<Action>();
        var h = new Harness(options: new ConferenceOptions { RunInBackground = background.Enqueue });
        var (_, call) = h.Dial("74717");

        Harness.Type(call, "909090#");
        Harness.Type(call, "1#");
        background.Dequeue()();

        Assert.Empty(background);
        Assert.Equal(ConferenceRole.Participant, call.Role);
    }

    [Fact]
    public void LogsNeverContainThePinOrTheFullCallerUser()
    {
        var h = new Harness();
        var (_, wrong) = h.Dial("conf", user: "+4930123456789");
        Harness.Type(wrong, "4711#987654#");
        var (_, right) = h.Dial("conf", user: "+4930123456789");
        Harness.Type(right, "4711#246810#");

        var text = string.Join('\n', h.Logs.Lines);
        Assert.NotEmpty(h.Logs.Lines);
        Assert.DoesNotContain("246810", text, StringComparison.Ordinal);
        Assert.DoesNotContain("987654", text, StringComparison.Ordinal);
        Assert.DoesNotContain("4930123456789", text, StringComparison.Ordinal);
        Assert.Contains("***789", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RoomAudioFailureEndsTheCallCleanly()
    {
        var h = new Harness();
        h.Audio.Fail = true;
        var (leg, call) = h.Join("4711", "246810");

        Assert.Equal([PromptId.NotPossible, PromptId.Goodbye], leg.Last);
        Assert.True(call.Completion.IsCompleted);
        Assert.Empty(h.Service.Rooms);
    }
}
