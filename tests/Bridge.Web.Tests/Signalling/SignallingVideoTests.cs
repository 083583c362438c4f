using Bridge.Conferencing.Browser;
using Bridge.Web.Tests.Fakes;

namespace Bridge.Web.Tests.Signalling;

/// <summary>Issue 10: the page learns which of its receiving video m-lines shows whom, and says when it shares its screen.</summary>
public sealed class SignallingVideoTests : IAsyncLifetime
{
    private WebTestServer _server = null!;

    public async Task InitializeAsync() => _server = await WebTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_slots_follow_every_change()
    {
        await using var client = await _server.ConnectAsync();
        await client.JoinAcceptedAsync("Ann");
        await client.SendAsync(new { type = "offer", sdp = "v=0 the browser's offer" });
        await client.ExpectAsync("answer");
        await client.ExpectAsync("roster"); // no slot filled yet: no video message

        var participant = Assert.Single(_server.Gateway!.Participants);
        participant.SetVideoSlots(new BrowserVideoSlot("3", "web-b0b", Screen: false), new BrowserVideoSlot("4", "web-b0b", Screen: true));

        var video = await client.ExpectAsync("video");
        var slots = video.GetProperty("slots").EnumerateArray().ToArray();
        Assert.Equal(2, slots.Length);
        Assert.Equal("3", slots[0].GetProperty("mid").GetString());
        Assert.Equal("web-b0b", slots[0].GetProperty("id").GetString());
        Assert.False(slots[0].GetProperty("screen").GetBoolean());
        Assert.True(slots[1].GetProperty("screen").GetBoolean());
    }

    [Fact]
    public async Task Screen_sharing_is_passed_on_and_is_refused_before_joining()
    {
        await using var client = await _server.ConnectAsync();
        await client.JoinAcceptedAsync("Ann");
        await client.SendAsync(new { type = "screen", sharing = true });
        var error = await client.ExpectAsync("error");
        Assert.Equal("Not in a room.", error.GetProperty("message").GetString());

        await using var joined = await _server.ConnectAsync();
        await joined.JoinAcceptedAsync("Bob");
        await joined.SendAsync(new { type = "offer", sdp = "v=0 the browser's offer" });
        await joined.ExpectAsync("answer");
        await joined.ExpectAsync("roster");
        await joined.SendAsync(new { type = "screen", sharing = true });
        await joined.SendAsync(new { type = "screen", sharing = false });
        await joined.SendAsync(new { type = "mute", muted = true });
        await joined.ExpectAsync("muted");

        var participant = Assert.Single(_server.Gateway!.Participants);
        Assert.Equal([true, false], participant.ScreenCalls);
    }

    [Fact]
    public async Task A_screen_message_without_a_boolean_is_junk()
    {
        await using var client = await _server.ConnectAsync();
        await client.SendAsync(new { type = "screen", sharing = "yes" });

        var error = await client.ExpectAsync("error");
        Assert.Equal("Bad message.", error.GetProperty("message").GetString());
    }
}
