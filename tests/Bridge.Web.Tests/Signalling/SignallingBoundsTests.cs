using System.Net.WebSockets;
using System.Text;
using Bridge.Web.Tests.Fakes;

namespace Bridge.Web.Tests.Signalling;

/// <summary>Issue 9 "Bad input": junk, oversized messages, floods, a second join and idle sockets get an error and a close, logged once.</summary>
public sealed class SignallingBoundsTests : IAsyncLifetime
{
    private WebTestServer _server = null!;

    // The join timeout is long here so that a loaded machine (CI runs two test projects at once, the first
    // test of the class pays for JIT) cannot turn an answer to junk into "Timed out."; the timeout itself has
    // its own server below.
    public async Task InitializeAsync() => _server = await StartAsync(TimeSpan.FromSeconds(30));

    private static Task<WebTestServer> StartAsync(TimeSpan joinTimeout) => WebTestServer.StartAsync(new BridgeWebOptions
    {
        MaxMessageBytes = 4096,
        MessagesPerSecond = 0.01,
        MessageBurst = 4,
        JoinTimeout = joinTimeout,
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"type\":\"join\",\"room\":4711,\"pin\":\"1234\",\"name\":\"Ann\"}")]
    [InlineData("{\"type\":\"dance\"}")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"type\":\"offer\"}")]
    [InlineData("{\"type\":\"join\",\"room\":{\"a\":{\"b\":{\"c\":{\"d\":1}}}}}")]
    public async Task Junk_gets_an_error_and_a_close(string junk)
    {
        await using var client = await _server.ConnectAsync();
        await client.SendTextAsync(junk);

        Assert.Equal("Bad message.", (await client.ExpectAsync("error")).GetProperty("message").GetString());
        Assert.Empty(await client.ReadUntilClosedAsync());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, client.CloseStatus);
        Assert.Empty(_server.Gateway!.PinChecks);
    }

    [Fact]
    public async Task A_binary_message_is_refused_as_the_wrong_type()
    {
        await using var client = await _server.ConnectAsync();
        await client.SendBytesAsync([1, 2, 3], WebSocketMessageType.Binary);

        await client.ExpectAsync("error");
        Assert.Empty(await client.ReadUntilClosedAsync());
        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, client.CloseStatus);
    }

    [Fact]
    public async Task Junk_from_many_sockets_is_logged_once()
    {
        for (var i = 0; i < 3; i++)
        {
            await using var client = await _server.ConnectAsync();
            await client.SendTextAsync("junk " + i);
            await client.ReadUntilClosedAsync();
        }

        Assert.Equal(1, _server.Log.Count("Signalling: junk message from 127.0.0.1"));
    }

    [Fact]
    public async Task A_message_over_the_limit_is_refused_as_too_big()
    {
        await using var client = await _server.ConnectAsync();
        var offer = "{\"type\":\"offer\",\"sdp\":\"" + new string('a', 5000) + "\"}";
        await client.SendBytesAsync(Encoding.UTF8.GetBytes(offer), WebSocketMessageType.Text);

        Assert.Contains("limited to 4 KiB", (await client.ExpectAsync("error")).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(await client.ReadUntilClosedAsync());
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, client.CloseStatus);
        Assert.Equal(0, _server.Gateway!.JoinCalls);
    }

    [Fact]
    public async Task A_flood_of_messages_is_cut_off()
    {
        await using var client = await _server.ConnectAsync();
        await client.JoinAcceptedAsync();
        await client.SendAsync(new { type = "offer", sdp = "v=0 offer" });
        await client.ExpectAsync("answer");
        await client.ExpectAsync("roster");
        await client.SendAsync(new { type = "mute", muted = true });
        await client.ExpectAsync("muted");
        await client.SendAsync(new { type = "mute", muted = false });
        await client.ExpectAsync("muted");

        // The burst of 4 is spent (join, offer, two mutes); at 0.01/s the fifth message is one too many.
        await client.SendAsync(new { type = "mute", muted = true });

        Assert.Equal("Too many messages.", (await client.ExpectAsync("error")).GetProperty("message").GetString());
        Assert.Empty(await client.ReadUntilClosedAsync());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, client.CloseStatus);
        await Assert.Single(_server.Gateway!.Participants).Disposed.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_second_join_on_one_socket_is_an_error()
    {
        await using var client = await _server.ConnectAsync();
        await client.JoinAcceptedAsync();

        await client.SendAsync(new { type = "join", room = FakeBrowserGateway.Room, pin = FakeBrowserGateway.Pin, name = "Ann" });

        Assert.Contains("already been used to join", (await client.ExpectAsync("error")).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(await client.ReadUntilClosedAsync());
        Assert.Single(_server.Gateway!.PinChecks);
    }

    [Fact]
    public async Task A_second_offer_is_an_error_and_leaves_the_room()
    {
        await using var client = await _server.ConnectAsync();
        await client.JoinAcceptedAsync();
        await client.SendAsync(new { type = "offer", sdp = "v=0 offer" });
        await client.ExpectAsync("answer");
        await client.ExpectAsync("roster");

        await client.SendAsync(new { type = "offer", sdp = "v=0 offer again" });

        await client.ExpectAsync("error");
        Assert.Empty(await client.ReadUntilClosedAsync());
        await Assert.Single(_server.Gateway!.Participants).Disposed.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_join_without_a_name_is_an_error()
    {
        await using var client = await _server.ConnectAsync();
        await client.SendAsync(new { type = "join", room = FakeBrowserGateway.Room, pin = FakeBrowserGateway.Pin, name = " \u0007 " });

        Assert.Equal("Please enter your name.", (await client.ExpectAsync("error")).GetProperty("message").GetString());
        Assert.Empty(_server.Gateway!.PinChecks);
    }

    [Fact]
    public async Task A_socket_that_does_not_join_in_time_is_closed()
    {
        await using var server = await StartAsync(TimeSpan.FromSeconds(1));
        await using var client = await server.ConnectAsync();

        Assert.Equal("Timed out.", (await client.ExpectAsync("error")).GetProperty("message").GetString());
        Assert.Empty(await client.ReadUntilClosedAsync());
    }
}
