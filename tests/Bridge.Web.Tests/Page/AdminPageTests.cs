using System.Net;
using System.Text.RegularExpressions;

namespace Bridge.Web.Tests.Page;

/// <summary>
/// Issue 13's dashboard page: served by the bridge at <c>/admin</c> under the room page's strict policy, nothing from
/// another origin, no inline script or style, and a script that keeps the token in sessionStorage only and never parses
/// API text as HTML.
/// </summary>
public sealed partial class AdminPageTests : IAsyncLifetime
{
    private WebTestServer _server = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _server = await WebTestServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task The_page_asks_for_a_token_under_the_strict_policy_and_is_not_cached()
    {
        using var response = await _http.GetAsync(new Uri(_server.Address, "/admin"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.StartsWith("default-src 'self'; script-src 'self'; style-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Contains("<label for=\"token\">API token</label>", html, StringComparison.Ordinal);
        Assert.Matches("<input id=\"token\"[^>]*type=\"password\"[^>]*autocomplete=\"off\"", html);
        Assert.Contains("<script src=\"/assets/admin.js\" defer></script>", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("<script>|<script [^>]*>[^<]", html); // no inline script
        Assert.DoesNotContain(" style=", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("admin.html")]
    [InlineData("admin.js")]
    [InlineData("admin.css")]
    public async Task Nothing_comes_from_another_origin(string asset)
    {
        var path = asset == "admin.html" ? "/admin" : "/assets/" + asset;
        using var response = await _http.GetAsync(new Uri(_server.Address, path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(ExternalUrl(), text);
    }

    [Fact]
    public async Task The_script_keeps_the_token_in_sessionStorage_and_sends_it_only_as_a_bearer_header()
    {
        var script = await _http.GetStringAsync(new Uri(_server.Address, "/assets/admin.js"));
        Assert.Contains("sessionStorage.setItem(TOKEN_KEY", script, StringComparison.Ordinal);
        Assert.Contains("headers.Authorization = 'Bearer ' + token", script, StringComparison.Ordinal);
        Assert.Contains("credentials: csrf ? 'same-origin' : 'omit'", script, StringComparison.Ordinal); // a token never goes with a cookie
        Assert.Contains("headers['X-Bridge-CSRF'] = csrf", script, StringComparison.Ordinal); // an OIDC session: its anti-CSRF token
        Assert.DoesNotContain("localStorage", script, StringComparison.Ordinal);
        Assert.DoesNotContain("document.cookie", script, StringComparison.Ordinal);
        Assert.DoesNotContain("innerHTML", script, StringComparison.Ordinal);
        Assert.DoesNotContain("location.search", script, StringComparison.Ordinal);
        Assert.DoesNotContain("eval(", script, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();
}
