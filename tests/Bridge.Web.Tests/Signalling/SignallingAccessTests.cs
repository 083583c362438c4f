using System.Net;
using System.Net.WebSockets;
using Bridge.Web.Tests.Fakes;

namespace Bridge.Web.Tests.Signalling;

/// <summary>Issue 9: the socket's Origin check, and the PIN check before anything of the media (wrong PIN, unknown room, lockout).</summary>
public sealed class SignallingAccessTests : IAsyncLifetime
{
    private WebTestServer _server = null!;

    public async Task InitializeAsync() => _server = await WebTestServer.StartAsync(new BridgeWebOptions { AllowedOrigins = ["https://bridge.example.com"] });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("null")]
    [InlineData("http://127.0.0.1")]
    [InlineData("https://bridge.example.com.evil.example")]
    public async Task A_socket_from_a_foreign_origin_is_refused_with_403(string origin)
    {
        var refused = await Assert.ThrowsAsync<SignallingRefusedException>(() => _server.ConnectAsync(origin));

        Assert.Equal(403, refused.Status);
        Assert.Empty(_server.Gateway!.PinChecks);
    }

    [Fact]
    public async Task A_socket_without_an_origin_is_refused()
    {
        var refused = await Assert.ThrowsAsync<SignallingRefusedException>(() => SignallingClient.ConnectAsync(_server.SocketUri, origin: null));

        Assert.Equal(403, refused.Status);
    }

    [Fact]
    public async Task Foreign_origins_are_logged_once_per_interval()
    {
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<SignallingRefusedException>(() => _server.ConnectAsync("http://evil.example"));
        }

        Assert.Equal(1, _server.Log.Count("foreign Origin"));
    }

    [Fact]
    public async Task The_pages_own_origin_and_an_allowed_origin_may_connect()
    {
        await using var own = await _server.ConnectAsync();
        await using var allowed = await _server.ConnectAsync("https://bridge.example.com");

        Assert.Equal(WebSocketState.Open, own.State);
        Assert.Equal(WebSocketState.Open, allowed.State);
    }

    [Fact]
    public async Task A_plain_request_to_the_socket_path_is_a_bad_request()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(_server.Address, "/ws"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_PIN_and_an_unknown_room_get_the_same_answer_and_the_socket_closes()
    {
        await using var wrongPin = await _server.ConnectAsync();
        await wrongPin.SendAsync(new { type = "join", room = FakeBrowserGateway.Room, pin = "1111", name = "Ann" });
        var wrong = await wrongPin.ExpectAsync("refused");
        Assert.Empty(await wrongPin.ReadUntilClosedAsync());

        await using var unknownRoom = await _server.ConnectAsync();
        await unknownRoom.SendAsync(new { type = "join", room = "9999", pin = FakeBrowserGateway.Pin, name = "Ann" });
        var unknown = await unknownRoom.ExpectAsync("refused");
        Assert.Empty(await unknownRoom.ReadUntilClosedAsync());

        Assert.Equal(wrong.GetRawText(), unknown.GetRawText());
        Assert.Equal("Wrong PIN or unknown room.", wrong.GetProperty("message").GetString());
        Assert.Empty(_server.Gateway!.Participants);
    }

    [Fact]
    public async Task The_PIN_is_checked_for_the_sockets_remote_address()
    {
        await using var client = await _server.ConnectAsync();
        await client.JoinAcceptedAsync();

        var (address, room) = Assert.Single(_server.Gateway!.PinChecks);
        Assert.Equal(IPAddress.Loopback, address);
        Assert.Equal(FakeBrowserGateway.Room, room);
    }

    [Fact]
    public async Task A_locked_out_address_is_told_so_and_closed()
    {
        await using var client = await _server.ConnectAsync();
        await client.SendAsync(new { type = "join", room = FakeBrowserGateway.Room, pin = FakeBrowserGateway.LockedPin, name = "Ann" });

        var locked = await client.ExpectAsync("locked");
        Assert.Contains("Too many wrong PINs", locked.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(await client.ReadUntilClosedAsync());
    }

    [Fact]
    public async Task A_room_or_PIN_that_is_not_digits_is_refused_like_a_wrong_PIN_without_a_check()
    {
        await using var client = await _server.ConnectAsync();
        await client.SendAsync(new { type = "join", room = "4711' OR 1=1", pin = "1234", name = "Ann" });

        Assert.Equal("Wrong PIN or unknown room.", (await client.ExpectAsync("refused")).GetProperty("message").GetString());
        Assert.Empty(_server.Gateway!.PinChecks);
    }

    [Fact]
    public async Task The_moderator_PIN_is_accepted_as_moderator()
    {
        await using var client = await _server.ConnectAsync();
        await client.SendAsync(new { type = "join", room = FakeBrowserGateway.Room, pin = FakeBrowserGateway.ModeratorPin, name = "Mo" });

        Assert.Equal("moderator", (await client.ExpectAsync("accepted")).GetProperty("role").GetString());
    }

    [Fact]
    public async Task The_PIN_and_the_name_are_never_logged()
    {
        await using (var client = await _server.ConnectAsync())
        {
            await client.SendAsync(new { type = "join", room = FakeBrowserGateway.Room, pin = "8642097531", name = "Zebulon Quist" });
            await client.ExpectAsync("refused");
        }

        await using (var client = await _server.ConnectAsync())
        {
            await client.JoinAcceptedAsync("Zebulon Quist");
            await client.SendAsync(new { type = "offer", sdp = "v=0 offer" });
            await client.ExpectAsync("answer");
        }

        Assert.Contains(_server.Log.Lines, line => line.Contains("joined room 4711", StringComparison.Ordinal));
        Assert.DoesNotContain(_server.Log.Lines, line => line.Contains("8642097531", StringComparison.Ordinal) || line.Contains("Zebulon", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_browser_gateway_the_socket_answers_503()
    {
        await using var server = await WebTestServer.StartAsync(withGateway: false);

        var refused = await Assert.ThrowsAsync<SignallingRefusedException>(() => server.ConnectAsync());

        Assert.Equal(503, refused.Status);
    }
}
