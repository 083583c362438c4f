using System.Net;
using System.Text.RegularExpressions;

namespace Bridge.Web.Tests.Page;

/// <summary>Issue 9 "What a user sees" 1–2: the page from the bridge itself, its labels, and a strict CSP on every answer.</summary>
public sealed partial class PageTests : IAsyncLifetime
{
    private WebTestServer _server = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _server = await WebTestServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/rooms/4711")]
    public async Task The_form_has_the_three_labelled_fields_and_the_Join_button(string path)
    {
        using var response = await _http.GetAsync(new Uri(_server.Address, path));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<label for=\"room\">Room number</label>", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"pin\">PIN</label>", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"name\">Your name</label>", html, StringComparison.Ordinal);
        Assert.Matches("<input id=\"room\"", html);
        Assert.Matches("<input id=\"pin\"[^>]*type=\"password\"", html);
        Assert.Contains("<button id=\"join\" type=\"submit\">Join</button>", html, StringComparison.Ordinal);
        Assert.Matches("id=\"alert\"[^>]*role=\"alert\"", html);
        Assert.Matches("<button id=\"mute\"[^>]*aria-pressed=\"false\"", html);
        Assert.Contains(">Leave</button>", html, StringComparison.Ordinal);
        Assert.Matches("<ul id=\"participants\" aria-labelledby=\"participants-title\">", html);
        Assert.Contains("<h3 id=\"participants-title\">Participants</h3>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/rooms/4711")]
    [InlineData("/assets/app.js")]
    [InlineData("/assets/app.css")]
    [InlineData("/no-such-page")]
    [InlineData("/rooms/abc")]
    public async Task Every_answer_carries_the_strict_policy(string path)
    {
        using var response = await _http.GetAsync(new Uri(_server.Address, path));

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.StartsWith("default-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("style-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("media-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains($"connect-src 'self' ws://{_server.Address.Authority} wss://{_server.Address.Authority}", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("*", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Theory]
    [InlineData("evil.example;script-src *")]
    [InlineData("a b")]
    [InlineData("")]
    public void A_Host_that_is_not_a_plain_host_adds_no_socket_source_to_the_policy(string host)
    {
        var csp = Bridge.Web.Page.ContentSecurityPolicy.For(new Microsoft.AspNetCore.Http.HostString(host));

        Assert.EndsWith("connect-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("evil", csp, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/rooms/abc")]
    [InlineData("/rooms/12a")]
    [InlineData("/assets/../index.html")]
    [InlineData("/assets/missing.js")]
    public async Task Anything_else_is_not_found(string path)
    {
        using var response = await _http.GetAsync(new Uri(_server.Address, path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/assets/app.js", "text/javascript")]
    [InlineData("/assets/app.css", "text/css")]
    public async Task Assets_are_served_with_their_types(string path, string mediaType)
    {
        using var response = await _http.GetAsync(new Uri(_server.Address, path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100);
    }

    [Fact]
    public async Task Nothing_is_loaded_from_another_origin_and_nothing_is_inline()
    {
        var html = await _http.GetStringAsync(_server.Address);
        var script = await _http.GetStringAsync(new Uri(_server.Address, "/assets/app.js"));
        var style = await _http.GetStringAsync(new Uri(_server.Address, "/assets/app.css"));

        foreach (var text in new[] { html, script, style })
        {
            Assert.DoesNotMatch("(src|href)=\"(https?:)?//", text);
            Assert.DoesNotMatch("url\\((https?:)?//", text);
            Assert.DoesNotContain("@import", text, StringComparison.Ordinal);
        }

        // Only <script src=…></script> (no inline code), no style attributes or elements, no inline handlers.
        Assert.All(ScriptTag().Matches(html), match => Assert.Contains("src=\"/assets/", match.Value, StringComparison.Ordinal));
        Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" style=", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(" on[a-z]+=", html);

        // Roster labels and messages are set as text, never as markup.
        Assert.DoesNotContain("innerHTML", script, StringComparison.Ordinal);
        Assert.DoesNotContain("eval(", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unchanged_asset_is_not_sent_again()
    {
        using var first = await _http.GetAsync(new Uri(_server.Address, "/assets/app.js"));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.Address, "/assets/app.js"));
        request.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.Tag);
        using var second = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal("no-store", Assert.Single((await _http.GetAsync(_server.Address)).Headers.GetValues("Cache-Control")));
    }

    [GeneratedRegex("<script[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();
}
