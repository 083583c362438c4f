using System.Net;
using System.Text;
using System.Text.Json;
using Bridge.Conferencing.DialOut;
using Bridge.Web.Api.Tokens;

namespace Bridge.Web.Tests.Api;

/// <summary><c>POST /api/v1/rooms/{number}/dialout</c> and <c>GET …/dialout/{id}</c> over real HTTP, against a fake of
/// <see cref="IDialOutActions"/> (the decision itself is tested in Bridge.Conferencing.Tests).</summary>
public sealed class DialOutApiTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_admin_token_starts_a_call_gets_202_and_follows_its_state()
    {
        var token = _host.CreateToken("ops", ApiScope.Admin);
        using var client = _host.Client(token);

        using var response = await client.PostAsync("/api/v1/rooms/4711/dialout", Json("""{"number":"1042"}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using (var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()))
        {
            Assert.Equal("d1", body.RootElement.GetProperty("id").GetString());
            Assert.Equal("calling", body.RootElement.GetProperty("state").GetString());
            Assert.Equal("***042", body.RootElement.GetProperty("number").GetString());
        }

        Assert.Equal("/api/v1/rooms/4711/dialout/d1", response.Headers.Location?.OriginalString);
        var request = Assert.Single(_host.DialOut.Requests);
        Assert.Equal(("4711", "api:ops", "1042"), (request.Room, request.Asker, request.Number));

        _host.DialOut.Set("d1", DialOutState.Joined);
        using var reader = _host.Client(_host.CreateToken("grafana", ApiScope.Read));
        using (var state = JsonDocument.Parse(await reader.GetStringAsync("/api/v1/rooms/4711/dialout/d1")))
        {
            Assert.Equal("joined", state.RootElement.GetProperty("state").GetString());
        }

        _host.DialOut.Set("d1", DialOutState.NoAnswer);
        using (var state = JsonDocument.Parse(await reader.GetStringAsync("/api/v1/rooms/4711/dialout/d1")))
        {
            Assert.Equal("no-answer", state.RootElement.GetProperty("state").GetString());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/api/v1/rooms/4711/dialout/nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/api/v1/rooms/4712/dialout/d1")).StatusCode);

        var audit = await File.ReadAllTextAsync(Path.Combine(_host.DataDirectory, "audit.log"));
        using var line = JsonDocument.Parse(audit.Trim());
        Assert.Equal("ops", line.RootElement.GetProperty("token").GetString());
        Assert.Equal("dialout", line.RootElement.GetProperty("action").GetString());
        Assert.Equal("4711", line.RootElement.GetProperty("room").GetString());
        Assert.Equal("number ***042", line.RootElement.GetProperty("participant").GetString());
        Assert.Equal(202, line.RootElement.GetProperty("status").GetInt32());
        Assert.DoesNotContain("1042", audit, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4711", """{"number":"0900123456"}""", HttpStatusCode.Forbidden, "This number cannot be called.")]
    [InlineData("9999", """{"number":"1042"}""", HttpStatusCode.NotFound, "No room 9999 is configured.")]
    [InlineData("4711", """{"number":"10a2"}""", HttpStatusCode.BadRequest, null)]
    [InlineData("4711", """{"number":1042}""", HttpStatusCode.BadRequest, null)]
    [InlineData("4711", """{"number":""", HttpStatusCode.BadRequest, null)]
    [InlineData("4711", """["1042"]""", HttpStatusCode.BadRequest, null)]
    public async Task Refusals_are_problem_json_and_audited_with_the_number_masked(string room, string body, HttpStatusCode expected, string? detail)
    {
        using var client = _host.Client(_host.CreateToken("ops", ApiScope.Admin));

        using var response = await client.PostAsync($"/api/v1/rooms/{room}/dialout", Json(body));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (detail is not null)
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(detail, problem.RootElement.GetProperty("detail").GetString());
        }

        var audit = await File.ReadAllTextAsync(Path.Combine(_host.DataDirectory, "audit.log"));
        using var line = JsonDocument.Parse(audit.Trim());
        Assert.Equal((int)expected, line.RootElement.GetProperty("status").GetInt32());
        Assert.DoesNotContain("0900123456", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_token_gets_403_and_no_token_401_and_nothing_is_dialled()
    {
        using var reader = _host.Client(_host.CreateToken("grafana", ApiScope.Read));
        using var anonymous = _host.Client();

        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync("/api/v1/rooms/4711/dialout", Json("""{"number":"1042"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/v1/rooms/4711/dialout", Json("""{"number":"1042"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/rooms/4711/dialout/d1")).StatusCode);
        Assert.Empty(_host.DialOut.Requests);
    }

    [Fact]
    public async Task A_second_call_while_the_room_s_first_rings_is_409()
    {
        _host.DialOut.Decide = (_, _) => DialOutStart.Busy;
        using var client = _host.Client(_host.CreateToken("ops", ApiScope.Admin));

        using var response = await client.PostAsync("/api/v1/rooms/4711/dialout", Json("""{"number":"1042"}"""));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_openapi_document_describes_dial_out()
    {
        using var client = _host.Client(_host.CreateToken("grafana", ApiScope.Read));
        using var json = JsonDocument.Parse(await client.GetStringAsync("/api/v1/openapi.json"));
        var paths = json.RootElement.GetProperty("paths");

        Assert.True(paths.TryGetProperty("/api/v1/rooms/{number}/dialout", out var dial));
        var responses = dial.GetProperty("post").GetProperty("responses");
        foreach (var status in new[] { "202", "400", "403", "404", "409" })
        {
            Assert.True(responses.TryGetProperty(status, out _), status);
        }

        Assert.True(dial.GetProperty("post").TryGetProperty("requestBody", out _));
        Assert.True(paths.TryGetProperty("/api/v1/rooms/{number}/dialout/{id}", out var state));
        Assert.True(state.GetProperty("get").GetProperty("responses").TryGetProperty("200", out _));
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
