using Bridge.Conferencing;
using Bridge.Conferencing.Browser;
using Bridge.Conferencing.Roster;
using Bridge.Web.Tests.Fakes;

namespace Bridge.Web.Tests.Signalling;

/// <summary>
/// Issue 10's room states on the socket: every roster message says whether the room is locked, a lock or unlock by
/// anyone (another moderator, a phone's keypad, the admin API) reaches the page as a roster message, and a participant the
/// bridge ended is told why: removed by a moderator, the meeting ended for everyone, or nothing of the room's; the
/// video message lists the videos paused for want of a slot.
/// </summary>
public sealed class SignallingRoomStateTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Joined = DateTimeOffset.UnixEpoch;
    private WebTestServer _server = null!;

    public async Task InitializeAsync() => _server = await WebTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_roster_says_whether_the_room_is_locked_and_follows_a_lock_made_elsewhere()
    {
        _server.Roster.Set(FakeBrowserGateway.Room, new RosterEntry("leg-1", "Ann", ParticipantKind.Browser, ConferenceRole.Moderator, false, Joined));
        _server.Roster.SetLocked(FakeBrowserGateway.Room, true);
        await using var client = await JoinedAsync();

        var first = await client.ExpectAsync("roster");
        _server.Roster.SetLocked(FakeBrowserGateway.Room, false);
        var unlocked = await client.ExpectAsync("roster");
        _server.Roster.SetLocked(FakeBrowserGateway.Room, true);
        var locked = await client.ExpectAsync("roster");

        Assert.True(first.GetProperty("locked").GetBoolean());
        Assert.False(unlocked.GetProperty("locked").GetBoolean());
        Assert.True(locked.GetProperty("locked").GetBoolean());
        Assert.Single(locked.GetProperty("participants").EnumerateArray());
    }

    [Theory]
    [InlineData(LegEndReason.Removed, "A moderator removed you from the room.", "removed")]
    [InlineData(LegEndReason.MeetingEnded, "The meeting has ended for everyone.", "meeting-ended")]
    [InlineData(LegEndReason.Other, "You have left the room.", null)]
    public async Task An_ended_participant_is_told_why(LegEndReason reason, string text, string? code)
    {
        await using var client = await JoinedAsync();
        await client.ExpectAsync("roster");

        _server.Gateway!.Participants.Single().End(reason);

        var ended = await client.ExpectAsync("ended");
        Assert.Equal(text, ended.GetProperty("message").GetString());
        Assert.Equal(code, ended.TryGetProperty("reason", out var value) ? value.GetString() : null);
    }

    [Fact]
    public async Task The_video_message_lists_the_paused_videos()
    {
        await using var client = await JoinedAsync();
        await client.ExpectAsync("roster");

        _server.Gateway!.Participants.Single().SetVideo([new BrowserVideoSlot("3", "leg-2", Screen: false)],
            new BrowserPausedVideo("leg-9", Screen: false), new BrowserPausedVideo("leg-2", Screen: true));

        var video = await client.ExpectAsync("video");
        var paused = video.GetProperty("paused").EnumerateArray().Select(p => (p.GetProperty("id").GetString(), p.GetProperty("screen").GetBoolean())).ToArray();
        Assert.Equal([("leg-9", false), ("leg-2", true)], paused);
        Assert.Single(video.GetProperty("slots").EnumerateArray());
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
