using System.Net.WebSockets;
using Bridge.Conferencing;
using Bridge.Conferencing.Roster;
using Bridge.Web.Tests.Fakes;

namespace Bridge.Web.Tests.Signalling;

/// <summary>Issue 9: after an accepted PIN the offer gets the answer; the roster of the joined room only; mute; leave and close leave the room.</summary>
public sealed class SignallingJoinTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Joined = DateTimeOffset.UnixEpoch;
    private WebTestServer _server = null!;

    public async Task InitializeAsync() => _server = await WebTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_offer_before_an_accepted_PIN_gets_no_answer()
    {
        await using var client = await _server.ConnectAsync();
        await client.SendAsync(new { type = "offer", sdp = "v=0 offer" });

        var error = await client.ExpectAsync("error");
        Assert.Equal("Join with a correct PIN first.", error.GetProperty("message").GetString());
        Assert.Empty(await client.ReadUntilClosedAsync());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, client.CloseStatus);
        Assert.Equal(0, _server.Gateway!.JoinCalls);
    }

    [Fact]
    public async Task The_offer_after_an_accepted_PIN_gets_the_answer_then_the_roster()
    {
        _server.Roster.Set(FakeBrowserGateway.Room, new RosterEntry("leg-9", "Phone ***123", ParticipantKind.Phone, ConferenceRole.Participant, false, Joined));
        await using var client = await _server.ConnectAsync();
        await client.JoinAcceptedAsync("Ann");
        await client.SendAsync(new { type = "offer", sdp = "v=0 the browser's offer" });

        var answer = await client.ExpectAsync("answer");
        var participant = Assert.Single(_server.Gateway!.Participants);
        Assert.Equal(participant.AnswerSdp, answer.GetProperty("sdp").GetString());
        Assert.Equal("v=0 the browser's offer", participant.Offer);
        Assert.Equal("Ann", participant.DisplayName);
        var roster = await client.ExpectAsync("roster");
        var entry = Assert.Single(roster.GetProperty("participants").EnumerateArray());
        Assert.Equal("Phone ***123", entry.GetProperty("label").GetString());
        Assert.Equal("phone", entry.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Roster_changes_of_the_joined_room_are_pushed_and_those_of_other_rooms_are_not()
    {
        await using var client = await JoinedAsync();
        await client.ExpectAsync("roster");

        _server.Roster.Set("4712", Entry("leg-x", "Someone elsewhere", ParticipantKind.Browser));
        _server.Roster.Set(FakeBrowserGateway.Room, Entry("leg-1", "Ann", ParticipantKind.Browser), Entry("leg-2", "Bob", ParticipantKind.Browser));

        var roster = await client.ExpectAsync("roster");
        var labels = roster.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("label").GetString()!).ToArray();
        Assert.Equal(["Ann", "Bob"], labels);
        Assert.True(roster.GetProperty("participants")[0].GetProperty("self").GetBoolean());
        Assert.False(roster.GetProperty("participants")[1].GetProperty("self").GetBoolean());
    }

    [Fact]
    public async Task A_phone_never_shows_more_than_its_last_three_digits_and_names_are_plain_text()
    {
        await using var client = await JoinedAsync();
        await client.ExpectAsync("roster");

        _server.Roster.Set(FakeBrowserGateway.Room,
            Entry("leg-1", "Phone 00493012345678", ParticipantKind.Phone),
            Entry("leg-2", "Phone ***321", ParticipantKind.Phone),
            Entry("leg-3", "\u0007Eve\u202E\r\n <b>", ParticipantKind.Browser),
            Entry("leg-4", new string('x', 100), ParticipantKind.Browser));

        var labels = (await client.ExpectAsync("roster")).GetProperty("participants").EnumerateArray()
            .Select(p => p.GetProperty("label").GetString()!).ToArray();
        Assert.Equal("Phone ***678", labels[0]);
        Assert.Equal("Phone ***321", labels[1]);
        Assert.Equal("Eve <b>", labels[2]);
        Assert.Equal(40, labels[3].Length);
    }

    [Fact]
    public async Task Mute_reaches_the_participant_and_comes_back_as_state()
    {
        await using var client = await JoinedAsync();
        await client.ExpectAsync("roster");

        await client.SendAsync(new { type = "mute", muted = true });
        Assert.True((await client.ExpectAsync("muted")).GetProperty("muted").GetBoolean());
        await client.SendAsync(new { type = "mute", muted = false });
        Assert.False((await client.ExpectAsync("muted")).GetProperty("muted").GetBoolean());

        Assert.Equal([true, false], Assert.Single(_server.Gateway!.Participants).MuteCalls);
    }

    [Fact]
    public async Task Leave_disposes_the_participant_and_closes()
    {
        await using var client = await JoinedAsync();
        await client.ExpectAsync("roster");

        await client.SendAsync(new { type = "leave" });

        Assert.Equal(["left"], await client.ReadUntilClosedAsync());
        var participant = Assert.Single(_server.Gateway!.Participants);
        await participant.Disposed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
    }

    [Fact]
    public async Task Closing_the_socket_leaves_the_room_and_stops_the_roster()
    {
        var client = await JoinedAsync();
        await client.ExpectAsync("roster");
        Assert.Equal(1, _server.Roster.Subscribers);

        await client.CloseAsync();
        await client.DisposeAsync();

        var participant = Assert.Single(_server.Gateway!.Participants);
        await participant.Disposed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, participant.DisposeCount);
        await WaitUntilAsync(() => _server.Roster.Subscribers == 0);
    }

    [Fact]
    public async Task A_dropped_connection_leaves_the_room_too()
    {
        var client = await JoinedAsync();
        await client.ExpectAsync("roster");

        await client.DisposeAsync(); // no close handshake: the TCP connection just goes

        await Assert.Single(_server.Gateway!.Participants).Disposed.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task When_the_bridge_ends_the_participant_the_page_is_told_and_the_socket_closes()
    {
        await using var client = await JoinedAsync();
        await client.ExpectAsync("roster");

        Assert.Single(_server.Gateway!.Participants).End();

        Assert.Equal(["ended"], await client.ReadUntilClosedAsync());
    }

    [Fact]
    public async Task Stopping_the_host_closes_the_socket_at_once_and_leaves_the_room()
    {
        await using var client = await JoinedAsync();
        await client.ExpectAsync("roster");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var stop = _server.StopAsync();
        var ended = await client.ExpectAsync("ended");

        Assert.Equal("The bridge is shutting down.", ended.GetProperty("message").GetString());
        Assert.Empty(await client.ReadUntilClosedAsync());
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, client.CloseStatus);
        await Assert.Single(_server.Gateway!.Participants).Disposed.WaitAsync(TimeSpan.FromSeconds(10));
        await stop.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"the stop took {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task A_join_the_bridge_refuses_shows_its_message()
    {
        await using var client = await _server.ConnectAsync();
        await client.JoinAcceptedAsync();
        await client.SendAsync(new { type = "offer", sdp = "v=0 no-common-codec" });

        Assert.Equal("Your browser offers no audio codec the bridge has.", (await client.ExpectAsync("error")).GetProperty("message").GetString());
        Assert.Empty(await client.ReadUntilClosedAsync());
        Assert.Empty(_server.Gateway!.Participants);
    }

    private async Task<SignallingClient> JoinedAsync()
    {
        var client = await _server.ConnectAsync();
        await client.JoinAcceptedAsync();
        await client.SendAsync(new { type = "offer", sdp = "v=0 offer" });
        await client.ExpectAsync("answer");
        return client;
    }

    private static RosterEntry Entry(string id, string label, ParticipantKind kind) =>
        new(id, label, kind, ConferenceRole.Participant, false, Joined);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(20);
        }
    }
}
