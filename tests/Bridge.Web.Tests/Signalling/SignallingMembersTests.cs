using System.Net.WebSockets;
using Bridge.Conferencing;
using Bridge.Conferencing.Members;
using Bridge.Conferencing.Roster;
using Bridge.Web.Tests.Fakes;

namespace Bridge.Web.Tests.Signalling;

/// <summary>
/// Issue 10 on the socket: the hand and the moderator controls go to the bridge with the sender's own id and room; a
/// refused action is answered with <c>refused-action</c>, logged once, and the socket stays open; the roster carries the
/// states, a participant waiting in the lobby sees only itself, and a participant turned away is told so.
/// </summary>
public sealed class SignallingMembersTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Joined = DateTimeOffset.UnixEpoch;
    private WebTestServer _server = null!;

    public async Task InitializeAsync() => _server = await WebTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Hand_and_moderator_messages_reach_the_bridge_with_the_senders_own_id_and_room()
    {
        await using var client = await JoinedAsync();
        await client.ExpectAsync("roster");
        await client.SendAsync(new { type = "hand", raised = true });
        Assert.Equal("hand", (await client.ExpectAsync("action-done")).GetProperty("action").GetString());
        await client.SendAsync(new { type = "moderate", action = "mute", id = "leg-7" });
        await client.ExpectAsync("action-done");
        await client.SendAsync(new { type = "moderate", action = "rename", id = "leg-7", name = "Reception" });
        await client.ExpectAsync("action-done");
        await client.SendAsync(new { type = "moderate", action = "lock" });
        Assert.Equal("lock", (await client.ExpectAsync("action-done")).GetProperty("action").GetString());

        Assert.Equal(
            [(MemberAction.RaiseHand, "4711", "leg-1", null, null), (MemberAction.Mute, "4711", "leg-1", "leg-7", null),
             (MemberAction.Rename, "4711", "leg-1", "leg-7", "Reception"), (MemberAction.Lock, "4711", "leg-1", null, null)],
            _server.Members.Calls.ToArray());
    }

    [Fact]
    public async Task A_refused_moderator_action_is_answered_and_logged_once_and_the_socket_stays_open()
    {
        _server.Members.Decide = action => action == MemberAction.RaiseHand ? MemberActionResult.Done : MemberActionResult.NotModerator;
        await using var client = await JoinedAsync();
        await client.ExpectAsync("roster");

        await client.SendAsync(new { type = "moderate", action = "remove", id = "leg-7" });
        var refused = await client.ExpectAsync("refused-action");
        await client.SendAsync(new { type = "moderate", action = "end" });
        await client.ExpectAsync("refused-action");
        await client.SendAsync(new { type = "hand", raised = true });
        await client.ExpectAsync("action-done");

        Assert.Equal("remove", refused.GetProperty("action").GetString());
        Assert.Equal("Only a moderator can do that.", refused.GetProperty("message").GetString());
        Assert.Equal(WebSocketState.Open, client.State);
        Assert.Single(_server.Log.Lines, l => l.Contains("moderator action from a non-moderator", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_moderator_message_before_joining_or_malformed_ends_the_socket_as_bad_input()
    {
        await using var early = await _server.ConnectAsync();
        await early.SendAsync(new { type = "moderate", action = "mute", id = "leg-7" });
        Assert.Equal("Not in a room.", (await early.ExpectAsync("error")).GetProperty("message").GetString());

        await using var junk = await JoinedAsync();
        await junk.ExpectAsync("roster");
        await junk.SendAsync(new { type = "moderate", action = "mute" }); // no id
        await junk.ExpectAsync("error");
        Assert.Empty(_server.Members.Calls);
    }

    [Fact]
    public async Task The_roster_carries_the_states_and_a_renamed_phone_keeps_its_name()
    {
        await using var client = await JoinedAsync();
        await client.ExpectAsync("roster");
        _server.Roster.Set(FakeBrowserGateway.Room,
            new RosterEntry("leg-1", "Ann", ParticipantKind.Browser, ConferenceRole.Participant, false, Joined) { HandRaised = true },
            new RosterEntry("leg-7", "Reception", ParticipantKind.Phone, ConferenceRole.Participant, true, Joined) { Talking = true, Renamed = true },
            new RosterEntry("leg-8", "Phone 00493012345678", ParticipantKind.Phone, ConferenceRole.Participant, false, Joined),
            new RosterEntry("leg-9", "Phone ***999", ParticipantKind.Phone, ConferenceRole.Participant, false, Joined) { Waiting = true });

        var items = (await client.ExpectAsync("roster")).GetProperty("participants").EnumerateArray().ToArray();

        Assert.Equal(["Ann", "Reception", "Phone ***678"], items.Select(i => i.GetProperty("label").GetString()));
        Assert.Equal([true, false, false], items.Select(i => i.GetProperty("handRaised").GetBoolean()));
        Assert.Equal([false, true, false], items.Select(i => i.GetProperty("talking").GetBoolean()));
        Assert.All(items, i => Assert.False(i.GetProperty("waiting").GetBoolean())); // a participant does not see who waits
    }

    [Fact]
    public async Task A_participant_waiting_in_the_lobby_sees_only_itself_and_is_told_when_turned_away()
    {
        _server.Roster.Set(FakeBrowserGateway.Room,
            new RosterEntry("leg-5", "Mod", ParticipantKind.Browser, ConferenceRole.Moderator, false, Joined),
            new RosterEntry("leg-1", "Ann", ParticipantKind.Browser, ConferenceRole.Participant, false, Joined) { Waiting = true });
        await using var client = await JoinedAsync();

        var roster = (await client.ExpectAsync("roster")).GetProperty("participants").EnumerateArray().ToArray();
        _server.Roster.Set(FakeBrowserGateway.Room, new RosterEntry("leg-5", "Mod", ParticipantKind.Browser, ConferenceRole.Moderator, false, Joined));
        await client.ExpectAsync("roster");
        _server.Gateway!.Participants.Single().End();

        var ended = await client.ExpectAsync("ended");
        Assert.Equal("leg-1", Assert.Single(roster).GetProperty("id").GetString());
        Assert.True(roster[0].GetProperty("waiting").GetBoolean());
        Assert.Equal("A moderator did not let you in.", ended.GetProperty("message").GetString());
    }

    private async Task<SignallingClient> JoinedAsync()
    {
        var client = await _server.ConnectAsync();
        await client.JoinAcceptedAsync();
        await client.SendAsync(new { type = "offer", sdp = "v=0 offer" });
        await client.ExpectAsync("answer");
        return client;
    }
}
