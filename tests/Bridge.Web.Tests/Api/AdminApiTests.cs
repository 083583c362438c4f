using System.Net;
using System.Text.Json;
using Bridge.Conferencing;
using Bridge.Conferencing.Admin;
using Bridge.Conferencing.Roster;
using Bridge.Web.Api.Tokens;

namespace Bridge.Web.Tests.Api;

/// <summary>The admin API over real HTTP (Kestrel on a loopback port) against fakes of the bridge's contracts.</summary>
public sealed class AdminApiTests : IAsyncLifetime
{
    private const string CallId = "a84b4c76e66710@pc33.example.com";
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ApiHost.StartAsync();
        var opened = new DateTimeOffset(2026, 12, 6, 7, 55, 0, TimeSpan.Zero);
        _host.Admin.Rooms.Add(new AdminRoom("4711", "Daily stand-up", true, true, false, 2, 1, opened));
        _host.Admin.Rooms.Add(new AdminRoom("4712", "Board", true, false, false, 0, 0, null));
        _host.Admin.Participants.Add(CallId);
        _host.Roster.Rooms["4711"] =
        [
            new RosterEntry(CallId, "Phone ***123", ParticipantKind.Phone, ConferenceRole.Participant, false, opened.AddMinutes(1)),
            new RosterEntry("web-1", "Ada", ParticipantKind.Browser, ConferenceRole.Moderator, true, opened.AddMinutes(2)),
        ];
        _host.Details.Details[CallId] = new ParticipantDetails(CallId, "PCMU", "srtp", true, true, new ParticipantQuality(0.5, 1.2, 10, 4.3, 0, 2, 40, 3, 1));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task RoomsHaveTheShapeOfTheIssue()
    {
        using var client = _host.Client(_host.CreateToken("grafana", ApiScope.Read));
        using var response = await client.GetAsync("/api/v1/rooms");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var rooms = json.RootElement.GetProperty("rooms");
        Assert.Equal(2, rooms.GetArrayLength());
        var room = rooms[0];
        Assert.Equal("4711", room.GetProperty("number").GetString());
        Assert.Equal("Daily stand-up", room.GetProperty("name").GetString());
        Assert.False(room.GetProperty("locked").GetBoolean());
        var participants = room.GetProperty("participants");
        Assert.Equal(2, participants.GetArrayLength());

        var phone = participants[0];
        Assert.Equal(CallId, phone.GetProperty("id").GetString());
        Assert.Equal("Phone ***123", phone.GetProperty("label").GetString());
        Assert.Equal("phone", phone.GetProperty("kind").GetString());
        Assert.Equal("PCMU", phone.GetProperty("codec").GetString());
        Assert.True(phone.GetProperty("secure").GetBoolean());
        Assert.False(phone.GetProperty("muted").GetBoolean());
        Assert.True(phone.GetProperty("talking").GetBoolean());
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 7, 56, 0, TimeSpan.Zero), phone.GetProperty("joinedAt").GetDateTimeOffset());
        var quality = phone.GetProperty("quality");
        Assert.Equal(0.5, quality.GetProperty("lossPercent").GetDouble());
        Assert.Equal(1.2, quality.GetProperty("jitterMs").GetDouble());
        Assert.Equal(10, quality.GetProperty("rttMs").GetDouble());
        Assert.Equal(4.3, quality.GetProperty("mos").GetDouble());

        var browser = participants[1];
        Assert.Equal("browser", browser.GetProperty("kind").GetString());
        Assert.Equal("moderator", browser.GetProperty("role").GetString());
        Assert.True(browser.GetProperty("muted").GetBoolean());
        Assert.Equal(JsonValueKind.Null, browser.GetProperty("quality").ValueKind); // no details for it

        Assert.Equal(0, rooms[1].GetProperty("participants").GetArrayLength());
        Assert.False(rooms[1].GetProperty("open").GetBoolean());
    }

    [Fact]
    public async Task OneRoomOneParticipantAndTheService()
    {
        using var client = _host.Client(_host.CreateToken("grafana", ApiScope.Read));
        using var room = JsonDocument.Parse(await client.GetStringAsync("/api/v1/rooms/4711"));
        Assert.Equal("4711", room.RootElement.GetProperty("number").GetString());
        using var list = JsonDocument.Parse(await client.GetStringAsync("/api/v1/rooms/4711/participants"));
        Assert.Equal(2, list.RootElement.GetProperty("participants").GetArrayLength());
        using var one = JsonDocument.Parse(await client.GetStringAsync("/api/v1/rooms/4711/participants/" + Uri.EscapeDataString(CallId)));
        Assert.Equal("srtp", one.RootElement.GetProperty("transport").GetString());
        using var service = JsonDocument.Parse(await client.GetStringAsync("/api/v1/service"));
        Assert.Equal(1, service.RootElement.GetProperty("openRooms").GetInt32());
        Assert.Equal(2, service.RootElement.GetProperty("participants").GetInt32());
        Assert.Equal(3, service.RootElement.GetProperty("mixer").GetProperty("overruns").GetInt64());
        Assert.Equal(3600, service.RootElement.GetProperty("uptimeSeconds").GetInt64()); // the host started at 07:00, the fake clock says 08:00
        Assert.Equal(450, service.RootElement.GetProperty("mixer").GetProperty("tickDurationP99Micros").GetInt64());
        Assert.Equal(8_200, service.RootElement.GetProperty("mixer").GetProperty("sendCompletionP99Micros").GetInt64());
        Assert.Equal((4, 1), (service.RootElement.GetProperty("mixer").GetProperty("sendsBehind").GetInt64(),
            service.RootElement.GetProperty("mixer").GetProperty("sendsDropped").GetInt64()));
        using var plan = JsonDocument.Parse(await client.GetStringAsync("/api/v1/dialplan"));
        Assert.True(plan.RootElement.GetProperty("lastReloadFailed").GetBoolean());
        Assert.Equal("/etc/bridge/dialplans/default.yaml:12:9", plan.RootElement.GetProperty("lastErrorPlaces")[0].GetString());
    }

    [Theory]
    [InlineData("mute", "mute 4711 " + CallId)]
    [InlineData("unmute", "unmute 4711 " + CallId)]
    [InlineData("remove", "remove 4711 " + CallId)]
    public async Task ParticipantActionsAnswer204AndAreAudited(string action, string expected)
    {
        var token = _host.CreateToken("ops", ApiScope.Admin);
        using var client = _host.Client(token);
        using var response = await client.PostAsync($"/api/v1/rooms/4711/participants/{Uri.EscapeDataString(CallId)}/{action}", null);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal([expected], _host.Admin.Actions);

        var audit = await File.ReadAllTextAsync(Path.Combine(_host.DataDirectory, "audit.log"));
        using var line = JsonDocument.Parse(audit.Trim());
        Assert.Equal("ops", line.RootElement.GetProperty("token").GetString());
        Assert.Equal(action, line.RootElement.GetProperty("action").GetString());
        Assert.Equal("4711", line.RootElement.GetProperty("room").GetString());
        Assert.Equal(CallId, line.RootElement.GetProperty("participant").GetString());
        Assert.Equal(204, line.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("127.0.0.1", line.RootElement.GetProperty("address").GetString());
        Assert.True(line.RootElement.TryGetProperty("at", out _));
        Assert.DoesNotContain(token, audit, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lock")]
    [InlineData("unlock")]
    [InlineData("end")]
    public async Task RoomActionsAnswer204(string action)
    {
        using var client = _host.Client(_host.CreateToken("ops", ApiScope.Admin));
        using var response = await client.PostAsync($"/api/v1/rooms/4711/{action}", null);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal([$"{action} 4711"], _host.Admin.Actions);
    }

    [Fact]
    public async Task UnknownRoomOrParticipantIs404ProblemForAuthenticatedCallers()
    {
        using var client = _host.Client(_host.CreateToken("ops", ApiScope.Admin));
        foreach (var (method, path) in new[]
        {
            ("GET", "/api/v1/rooms/9999"),
            ("GET", "/api/v1/rooms/4711/participants/nobody"),
            ("POST", "/api/v1/rooms/4711/participants/nobody/mute"),
            ("POST", "/api/v1/rooms/4712/lock"), // configured but not open
            ("POST", "/api/v1/rooms/9999/end"),
            ("GET", "/api/v1/nothing/here"),
        })
        {
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
        }

        Assert.Empty(_host.Admin.Actions);
    }

    [Fact]
    public async Task NoTokenOrAWrongOneGetsTheSame401WhateverThePath()
    {
        var bodies = new HashSet<string>();
        using var anonymous = _host.Client();
        using var wrong = _host.Client("bridge_" + new string('x', 43));
        foreach (var client in new[] { anonymous, wrong })
        {
            foreach (var path in new[] { "/api/v1/rooms", "/api/v1/rooms/4711", "/api/v1/rooms/9999", "/api/v1/nothing" })
            {
                using var response = await client.GetAsync(path);
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal("Bearer realm=\"bridge\"", response.Headers.WwwAuthenticate.ToString());
                using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                // Everything but the per-request trace id.
                bodies.Add(string.Join('|', problem.RootElement.EnumerateObject().Where(p => p.Name != "traceId").Select(p => p.ToString())));
            }
        }

        Assert.Single(bodies); // nothing tells an existing room from a missing one
    }

    [Fact]
    public async Task FailedAuthenticationsAreRateLimitedPerAddress()
    {
        var token = _host.CreateToken("grafana", ApiScope.Read);
        using var wrong = _host.Client("bridge_guess");
        for (var i = 0; i < 10; i++)
        {
            using var response = await wrong.GetAsync("/api/v1/rooms");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using (var limited = await wrong.GetAsync("/api/v1/rooms"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.NotNull(limited.Headers.RetryAfter);
        }

        // The whole address waits, even with a good token, until the window is over.
        using var right = _host.Client(token);
        using (var stillLimited = await right.GetAsync("/api/v1/rooms"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, stillLimited.StatusCode);
        }

        _host.Time.Advance(TimeSpan.FromMinutes(1));
        using var again = await right.GetAsync("/api/v1/rooms");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task ReadTokenMayNotAct()
    {
        using var client = _host.Client(_host.CreateToken("grafana", ApiScope.Read));
        using var response = await client.PostAsync($"/api/v1/rooms/4711/participants/{Uri.EscapeDataString(CallId)}/mute", null);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(_host.Admin.Actions);
    }

    [Fact]
    public async Task RevokedTokenStopsWorkingAtOnce()
    {
        var token = _host.CreateToken("temp", ApiScope.Admin);
        using var client = _host.Client(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/rooms")).StatusCode);

        // Revoked through another store over the same file (as the `bridge token revoke` command does).
        Assert.True(new ApiTokenStore(_host.DataDirectory, TimeProvider.System).Revoke("temp"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/rooms")).StatusCode);
    }

    [Fact]
    public async Task HugeBodyIs400()
    {
        using var client = _host.Client(_host.CreateToken("ops", ApiScope.Admin));
        using var body = new StringContent("{\"x\":\"" + new string('a', 100_000) + "\"}", System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/v1/rooms/4711/lock", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_host.Admin.Actions);
    }

    [Fact]
    public async Task NoCorsForOtherOrigins()
    {
        using var client = _host.Client(_host.CreateToken("grafana", ApiScope.Read));
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/rooms");
        preflight.Headers.Add("Origin", "https://bridge.example.com");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization");
        using var answer = await client.SendAsync(preflight);
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Headers"));

        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rooms");
        get.Headers.Add("Origin", "https://bridge.example.com");
        using var response = await client.SendAsync(get);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task OpenApiDescribesTheApi()
    {
        using var anonymous = _host.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/openapi.json")).StatusCode);

        using var client = _host.Client(_host.CreateToken("grafana", ApiScope.Read));
        using var response = await client.GetAsync("/api/v1/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("3.", json.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = json.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/rooms", out _));
        Assert.True(paths.TryGetProperty("/api/v1/rooms/{number}/participants/{id}/mute", out var mute));
        Assert.True(mute.GetProperty("post").GetProperty("responses").TryGetProperty("204", out _));
        Assert.True(paths.TryGetProperty("/api/v1/rooms/{number}/end", out _));
    }
}
