using Bridge.Conferencing.Members;
using Bridge.Conferencing.Prompts;
using Bridge.Conferencing.Tests.Fakes;

namespace Bridge.Conferencing.Tests.Members;

/// <summary>
/// Issue 10's lobby (room 4719 has <c>lobby: true</c>): the participant PIN leads into the lobby (not heard, hearing only
/// the lobby prompt and tone), the moderator PIN skips it; a moderator admits or denies, in the page or with <c>*4</c>.
/// </summary>
public sealed class LobbyTests
{
    [Fact]
    public async Task AParticipantPhoneWaitsHearingThePromptAndToneAndNeitherHearsNorIsHeard()
    {
        var h = new Harness();
        var (phone, call) = h.Join("4719", "717171");
        var audio = h.Audio.Of("4719");

        Assert.Equal([PromptId.LobbyWait, PromptId.LobbyMusic], phone.Last);
        Assert.Contains(phone, audio.Muted);
        Assert.Contains(phone, audio.Deaf);
        Assert.True(h.Service.Get("4719").Single().Waiting);

        h.Time.Advance(TimeSpan.FromMilliseconds(50)); // the tone loops while it waits
        Assert.Equal([PromptId.LobbyMusic], phone.Last);

        Harness.Type(call, "*6*9"); // the keypad does nothing in the lobby
        Assert.Contains(phone, audio.Muted);
        Assert.False(h.Service.Get("4719").Single().HandRaised);
        Assert.Equal(MemberActionResult.NotInRoom, await h.Service.ActAsync(MemberAction.RaiseHand, "4719", phone.Id));
    }

    [Fact]
    public async Task TheModeratorPinSkipsTheLobbyAndTheModeratorAdmitsOneAndDeniesAnother()
    {
        var h = new Harness();
        var (first, _) = h.Join("4719", "717171", user: "a1");
        var (second, _) = h.Join("4719", "717171", user: "a2");
        var (moderator, _) = await MemberActionTests.JoinBrowserAsync(h, "web-1", ConferenceRole.Moderator, "4719");
        var audio = h.Audio.Of("4719");
        Assert.False(h.Service.Get("4719").Single(e => e.Id == moderator.Id).Waiting);
        Assert.True(audio.Hears(moderator));

        Assert.Equal(MemberActionResult.NotAllowed, await h.Service.ActAsync(MemberAction.Admit, "4719", moderator.Id, moderator.Id));
        Assert.Equal(MemberActionResult.Done, await h.Service.ActAsync(MemberAction.Admit, "4719", moderator.Id, first.Id));
        Assert.DoesNotContain(first, audio.Muted);
        Assert.True(audio.Hears(first));
        Assert.Equal([PromptId.OneOtherParticipant], first.Last.Take(1));
        Assert.False(h.Service.Get("4719").Single(e => e.Id == first.Id).Waiting);

        Assert.Equal(MemberActionResult.Done, await h.Service.ActAsync(MemberAction.Deny, "4719", moderator.Id, second.Id));
        Assert.Equal([PromptId.LobbyDenied, PromptId.Goodbye], second.Last);
        Assert.True(second.HungUp);
        Assert.Equal([first.Id, moderator.Id], h.Service.Get("4719").Select(e => e.Id));
        Assert.Contains(h.Logs.Lines, l => l.Contains("denied from the lobby of room 4719", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWaitingBrowserIsListedOnlyAsWaitingAndANonModeratorCannotAdmitIt()
    {
        var h = new Harness();
        var (participant, _) = await MemberActionTests.JoinBrowserAsync(h, "web-1", ConferenceRole.Participant, "4719");
        var (moderator, _) = await MemberActionTests.JoinBrowserAsync(h, "web-2", ConferenceRole.Moderator, "4719");
        var (phone, _) = h.Join("4719", "717171");

        Assert.Equal([true, false, true], h.Service.Get("4719").Select(e => e.Waiting));
        Assert.Equal(MemberActionResult.NotInRoom, await h.Service.ActAsync(MemberAction.Admit, "4719", participant.Id, phone.Id));
        Assert.Equal(MemberActionResult.Done, await h.Service.ActAsync(MemberAction.Admit, "4719", moderator.Id, participant.Id));
        Assert.Equal(MemberActionResult.NotModerator, await h.Service.ActAsync(MemberAction.Admit, "4719", participant.Id, phone.Id));
        Assert.True(h.Service.Get("4719").Single(e => e.Id == phone.Id).Waiting);
    }

    [Fact]
    public void APhoneModeratorHearsSomeoneKnockAndAdmitsEveryoneWaitingWithStarSeven()
    {
        var h = new Harness();
        var (moderator, modCall) = h.Join("4719", "919191", user: "boss");
        var (waiting, _) = h.Join("4719", "717171", user: "guest");
        Assert.Equal([PromptId.LobbyKnock], moderator.Last);

        Harness.Type(modCall, "*4");

        Assert.Equal([PromptId.LobbyAdmitted], moderator.Last);
        Assert.False(h.Service.Get("4719").Single(e => e.Id == waiting.Id).Waiting);
        Assert.True(h.Audio.Of("4719").Hears(waiting));
        Harness.Type(modCall, "*4");
        Assert.Equal([PromptId.NotPossible], moderator.Last);
    }
}
