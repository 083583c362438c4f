using System.Net;
using Bridge.Conferencing.Browser;
using Bridge.Conferencing.Members;
using Bridge.Conferencing.Prompts;
using Bridge.Conferencing.Tests.Fakes;

namespace Bridge.Conferencing.Tests.Members;

/// <summary>
/// Issue 10: phone callers as members. The hand (<c>*9</c> and the page), the talking indicator read from the mixer, and
/// the moderator's controls decided by the server: a non-moderator or a participant of another room changes nothing.
/// </summary>
public sealed class MemberActionTests
{
    [Fact]
    public void StarNineRaisesAndLowersThePhonesHandWithAPromptAndTheRosterShowsIt()
    {
        var h = new Harness();
        var (phone, call) = h.Join("4711", "246810");

        Harness.Type(call, "*9");
        var raised = h.Service.Get("4711").Single();
        Assert.Equal([PromptId.HandRaised], phone.Last);
        Harness.Type(call, "*9");

        Assert.True(raised.HandRaised);
        Assert.False(h.Service.Get("4711").Single().HandRaised);
        Assert.Equal([PromptId.HandLowered], phone.Last);
    }

    [Fact]
    public async Task ABrowserRaisesAndLowersItsOwnHand()
    {
        var h = new Harness();
        var (leg, _) = await JoinBrowserAsync(h, "web-1", ConferenceRole.Participant);

        Assert.Equal(MemberActionResult.Done, await h.Service.ActAsync(MemberAction.RaiseHand, "4711", leg.Id));
        Assert.True(h.Service.Get("4711").Single().HandRaised);
        Assert.Equal(MemberActionResult.Done, await h.Service.ActAsync(MemberAction.LowerHand, "4711", leg.Id));
        Assert.False(h.Service.Get("4711").Single().HandRaised);
    }

    [Fact]
    public void TheRosterShowsTalkingFromTheMixersFlagsReadByThePollAndNotWhileMuted()
    {
        var h = new Harness();
        var (phone, call) = h.Join("4711", "246810");
        var audio = h.Audio.Of("4711");

        audio.Talking.Add(phone);
        Assert.False(h.Service.Get("4711").Single().Talking); // not before the poll has read it
        h.Time.Advance(ConferenceService.TalkerPollInterval);
        Assert.True(h.Service.Get("4711").Single().Talking);

        Harness.Type(call, "*6"); // muted: the room does not hear it, so the roster does not say talking
        h.Time.Advance(ConferenceService.TalkerPollInterval);
        Assert.False(h.Service.Get("4711").Single().Talking);
        Assert.True(h.Service.Get("4711").Single().Muted);

        Harness.Type(call, "*6");
        audio.Talking.Remove(phone);
        h.Time.Advance(ConferenceService.TalkerPollInterval);
        Assert.False(h.Service.Get("4711").Single().Talking);
    }

    [Fact]
    public async Task AModeratorMutesUnmutesRenamesAndRemovesAPhoneWhichHearsEachStep()
    {
        var h = new Harness();
        var (phone, _) = h.Join("4711", "246810", user: "+4930123456");
        var (moderator, _) = await JoinBrowserAsync(h, "web-1", ConferenceRole.Moderator);
        var audio = h.Audio.Of("4711");

        Assert.Equal(MemberActionResult.Done, await h.Service.ActAsync(MemberAction.Mute, "4711", moderator.Id, phone.Id));
        Assert.Contains(phone, audio.Muted);
        Assert.Equal([PromptId.Muted], phone.Last);
        Assert.True(h.Service.Get("4711")[0].Muted);

        Assert.Equal(MemberActionResult.Done, await h.Service.ActAsync(MemberAction.Unmute, "4711", moderator.Id, phone.Id));
        Assert.DoesNotContain(phone, audio.Muted);
        Assert.Equal([PromptId.Unmuted], phone.Last);

        Assert.Equal(MemberActionResult.Done, await h.Service.ActAsync(MemberAction.Rename, "4711", moderator.Id, phone.Id, " Reception\u202E desk "));
        var renamed = h.Service.Get("4711")[0];
        Assert.Equal(("Reception desk", true), (renamed.Label, renamed.Renamed));
        Assert.Equal(MemberActionResult.Done, await h.Service.ActAsync(MemberAction.Rename, "4711", moderator.Id, phone.Id, ""));
        Assert.Equal(("Phone ***456", false), (h.Service.Get("4711")[0].Label, h.Service.Get("4711")[0].Renamed));
        Assert.DoesNotContain(h.Logs.Lines, l => l.Contains("Reception", StringComparison.Ordinal));

        Assert.Equal(MemberActionResult.Done, await h.Service.ActAsync(MemberAction.Remove, "4711", moderator.Id, phone.Id));
        Assert.Equal([PromptId.Removed, PromptId.Goodbye], phone.Last);
        Assert.True(phone.HungUp);
        Assert.Equal([moderator.Id], h.Service.Get("4711").Select(e => e.Id));
    }

    [Fact]
    public async Task ANonModeratorsModeratorActionsAreRefusedAndChangeNothing()
    {
        var h = new Harness();
        var (phone, _) = h.Join("4711", "246810");
        var (participant, _) = await JoinBrowserAsync(h, "web-1", ConferenceRole.Participant);
        var before = h.Service.Get("4711");
        var prompts = phone.Played.Count;

        foreach (var action in new[] { MemberAction.Mute, MemberAction.Unmute, MemberAction.Remove, MemberAction.Rename, MemberAction.Admit, MemberAction.Deny, MemberAction.Lock, MemberAction.Unlock, MemberAction.End })
        {
            Assert.Equal(MemberActionResult.NotModerator, await h.Service.ActAsync(action, "4711", participant.Id, phone.Id, "x"));
        }

        Assert.Equal(before, h.Service.Get("4711"));
        Assert.Equal(prompts, phone.Played.Count);
        Assert.False(phone.HungUp);
        Assert.False(h.Service.Rooms.Single().Locked);
        Assert.Empty(h.Audio.Of("4711").Muted);
    }

    [Fact]
    public async Task AModeratorCannotActOnAParticipantOfAnotherRoomNorInARoomItIsNotIn()
    {
        var h = new Harness();
        var (other, _) = h.Join("4713", "222333");
        var (moderator, _) = await JoinBrowserAsync(h, "web-1", ConferenceRole.Moderator);
        var prompts = other.Played.Count;

        Assert.Equal(MemberActionResult.ParticipantNotFound, await h.Service.ActAsync(MemberAction.Mute, "4711", moderator.Id, other.Id));
        Assert.Equal(MemberActionResult.ParticipantNotFound, await h.Service.ActAsync(MemberAction.Remove, "4711", moderator.Id, other.Id));
        Assert.Equal(MemberActionResult.NotInRoom, await h.Service.ActAsync(MemberAction.Remove, "4713", moderator.Id, other.Id));
        Assert.Equal(MemberActionResult.NotInRoom, await h.Service.ActAsync(MemberAction.Lock, "4713", moderator.Id));

        Assert.False(other.HungUp);
        Assert.Equal(prompts, other.Played.Count);
        Assert.Empty(h.Audio.Of("4713").Muted);
        Assert.All(h.Service.Rooms, r => Assert.False(r.Locked));
    }

    [Fact]
    public async Task AModeratorLocksUnlocksAndEndsTheMeetingAndCannotRenameABrowser()
    {
        var h = new Harness();
        var (phone, _) = h.Join("4711", "246810");
        var (moderator, _) = await JoinBrowserAsync(h, "web-1", ConferenceRole.Moderator);
        var (guest, _) = await JoinBrowserAsync(h, "web-2", ConferenceRole.Participant);

        Assert.Equal(MemberActionResult.NotAllowed, await h.Service.ActAsync(MemberAction.Rename, "4711", moderator.Id, guest.Id, "Bob"));
        Assert.Equal(MemberActionResult.Done, await h.Service.ActAsync(MemberAction.Lock, "4711", moderator.Id));
        Assert.True(h.Service.Rooms.Single().Locked);
        Assert.Equal(MemberActionResult.Done, await h.Service.ActAsync(MemberAction.Unlock, "4711", moderator.Id));
        Assert.False(h.Service.Rooms.Single().Locked);
        Assert.Equal(MemberActionResult.Done, await h.Service.ActAsync(MemberAction.End, "4711", moderator.Id));

        Assert.Empty(h.Service.Rooms);
        Assert.True(phone.HungUp);
        Assert.Contains(PromptId.ConferenceEnded, phone.AllPrompts);
    }

    internal static async Task<(WebLeg Leg, ConferenceCall Call)> JoinBrowserAsync(Harness h, string id, ConferenceRole role, string room = "4711")
    {
        var leg = new WebLeg(id, "Guest " + id);
        var ticket = new BrowserTicket(room, role, IPAddress.Loopback, h.Time.GetUtcNow());
        return (leg, await h.Service.AdmitBrowserAsync(leg, ticket, CancellationToken.None));
    }
}
