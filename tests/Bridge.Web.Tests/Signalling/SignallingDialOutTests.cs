using System.Net.WebSockets;
using Bridge.Conferencing.DialOut;

namespace Bridge.Web.Tests.Signalling;

/// <summary>
/// Dial-out on the socket (issue 12): <c>{"type":"dialout","number"}</c> goes to the bridge with the sender's own id and
/// room; the page hears calling and each later state as <c>{"type":"dialout","state","text"}</c>, the number masked; a
/// refusal keeps the socket open; a non-moderator's request is refused and logged like the other moderator actions.
/// </summary>
public sealed class SignallingDialOutTests : IAsyncLifetime
{
    private WebTestServer _server = null!;

    public async Task InitializeAsync() => _server = await WebTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_moderator_dials_and_the_page_hears_calling_answered_and_joined()
    {
        await using var client = await JoinedAsync();

        await client.SendAsync(new { type = "dialout", number = "1042" });
        var calling = await client.ExpectAsync("dialout");
        _server.DialOut.Set("d1", DialOutState.Answered);
        var answered = await client.ExpectAsync("dialout");
        _server.DialOut.Set("d1", DialOutState.Joined);
        var joined = await client.ExpectAsync("dialout");

        Assert.Equal(("calling", "***042", "Calling ***042…"),
            (calling.GetProperty("state").GetString(), calling.GetProperty("number").GetString(), calling.GetProperty("text").GetString()));
        Assert.Equal("answered", answered.GetProperty("state").GetString());
        Assert.Equal(("joined", "***042 joined the room."), (joined.GetProperty("state").GetString(), joined.GetProperty("text").GetString()));
        var request = Assert.Single(_server.DialOut.Requests);
        Assert.Equal(("4711", "leg-1", "1042", "127.0.0.1"), (request.Room, request.Asker, request.Number, request.Address.ToString()));
    }

    [Theory]
    [InlineData("0900123456", "This number cannot be called.")]
    [InlineData("10a2", "Enter a phone number: digits only (+, * and # allowed).")]
    public async Task A_refused_number_is_answered_with_text_and_the_socket_stays_open(string number, string text)
    {
        await using var client = await JoinedAsync();

        await client.SendAsync(new { type = "dialout", number });
        var refused = await client.ExpectAsync("dialout");

        Assert.Equal(("refused", text), (refused.GetProperty("state").GetString(), refused.GetProperty("text").GetString()));
        Assert.Equal(WebSocketState.Open, client.State);
    }

    [Fact]
    public async Task A_non_moderator_is_refused_and_logged_once_like_other_moderator_actions()
    {
        _server.DialOut.Decide = (_, _) => DialOutStart.NotModerator;
        await using var client = await JoinedAsync();

        await client.SendAsync(new { type = "dialout", number = "1042" });
        var refused = await client.ExpectAsync("refused-action");
        await client.SendAsync(new { type = "dialout", number = "1043" });
        await client.ExpectAsync("refused-action");

        Assert.Equal(("dialout", "Only a moderator can do that."), (refused.GetProperty("action").GetString(), refused.GetProperty("message").GetString()));
        Assert.Equal(WebSocketState.Open, client.State);
        Assert.Single(_server.Log.Lines, l => l.Contains("moderator action from a non-moderator (dialout)", StringComparison.Ordinal));
        Assert.DoesNotContain(_server.Log.Lines, l => l.Contains("1042", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dial_out_before_joining_or_without_a_number_ends_the_socket_as_bad_input()
    {
        await using var early = await _server.ConnectAsync();
        await early.SendAsync(new { type = "dialout", number = "1042" });
        Assert.Equal("Not in a room.", (await early.ExpectAsync("error")).GetProperty("message").GetString());

        await using var junk = await JoinedAsync();
        await junk.SendAsync(new { type = "dialout", number = 1042 });
        await junk.ExpectAsync("error");
        Assert.Empty(_server.DialOut.Requests);
    }

    private async Task<SignallingClient> JoinedAsync()
    {
        var client = await _server.ConnectAsync();
        await client.JoinAcceptedAsync();
        await client.SendAsync(new { type = "offer", sdp = "v=0 offer" });
        await client.ExpectAsync("answer");
        await client.ExpectAsync("roster");
        return client;
    }
}
