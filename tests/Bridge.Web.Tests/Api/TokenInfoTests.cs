using System.Net;
using System.Text.Json;
using Bridge.Web.Api.Tokens;

namespace Bridge.Web.Tests.Api;

/// <summary><c>GET /api/v1/token</c>: the dashboard learns the token's name and scope (never the token), behind the same 401.</summary>
public sealed class TokenInfoTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData(ApiScope.Read, "read")]
    [InlineData(ApiScope.Admin, "admin")]
    public async Task The_token_tells_its_name_and_scope(ApiScope scope, string expected)
    {
        var token = _host.CreateToken("ops-" + expected, scope);
        using var client = _host.Client(token);
        using var response = await client.GetAsync("/api/v1/token");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("ops-" + expected, json.RootElement.GetProperty("name").GetString());
        Assert.Equal(expected, json.RootElement.GetProperty("scope").GetString());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("id").GetString()));
        Assert.DoesNotContain(token, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_token_it_is_401()
    {
        using var client = _host.Client();
        using var response = await client.GetAsync("/api/v1/token");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
