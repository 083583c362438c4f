using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Bridge.Conferencing.Admin;
using Bridge.Conferencing.Metrics;
using Bridge.Conferencing.Roster;
using Bridge.Web.Api;
using Bridge.Web.Api.SignIn;
using Bridge.Web.Api.Tokens;
using Bridge.Web.Tests.Fakes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Web.Tests.Api.SignIn;

/// <summary>
/// The admin API with a dashboard session (the real cookie scheme of <see cref="AdminSignIn"/>, on Kestrel on loopback): a
/// cookie alone is refused (403) on every call, the session's X-Bridge-CSRF token lets it act within its scope, the audit names
/// the OIDC user, sign-out needs the token, a bearer token works as before, and a session ends after 8 h however busy.
/// The provider's side (the OpenID Connect flow itself) is in OidcDashboardInteropTests; here a test endpoint signs in.
/// </summary>
public sealed class AdminSessionApiTests : IAsyncLifetime
{
    private readonly FakeConferenceAdmin _admin = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero));
    private readonly string _data = Path.Combine(Path.GetTempPath(), "bridge-session-" + Guid.NewGuid().ToString("N"));
    private WebApplication _app = null!;
    private Uri _address = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IConferenceAdmin>(_admin);
        builder.Services.AddSingleton<IRoomRoster>(new FakeRoster());
        builder.Services.AddSingleton<IParticipantDetails>(new FakeParticipantDetails());
        builder.Services.AddSingleton<IServiceStatus>(new FakeServiceStatus());
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddAdminApi(new AdminApiOptions { DataDirectory = _data });
        builder.Services.AddAdminSignIn(new AdminSignInOptions
        {
            Authority = new Uri("https://127.0.0.1:9/realms/staff"), // nothing listens: these tests sign in directly
            ClientId = "bridge",
            ClientSecret = "not-used-here",
            Admin = new ClaimRule("groups", ["bridge-admins"]),
            KeyDirectory = Path.Combine(_data, "keys"),
        });
        _app = builder.Build();
        _app.UseAdminSignIn();
        _app.MapAdminApi();
        _app.MapAdminSignIn();
        _app.MapPost("/test/signin/{scope}", static (HttpContext http, string scope) => http.SignInAsync(AdminSignIn.CookieScheme,
            AdminSessionClaims.Create(scope == "admin" ? "ada" : "rex", scope == "admin" ? ApiScope.Admin : ApiScope.Read,
                http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow())));
        _admin.Rooms.Add(new AdminRoom("4711", "Daily stand-up", Configured: true, Open: true, Locked: false, 1, 0, _time.GetUtcNow()));
        await _app.StartAsync();
        _address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task The_session_cookie_is_HttpOnly_SameSite_Strict_on_path_root_and_session_gives_the_csrf_token()
    {
        using var client = NewClient(out _);
        using var signIn = await client.PostAsync("/test/signin/admin", null);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("bridge-admin=", cookie, StringComparison.Ordinal); // plain HTTP: no __Host- prefix (it needs Secure)
        Assert.Contains("path=/;", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires", cookie, StringComparison.OrdinalIgnoreCase); // a browser-session cookie

        var session = await SessionAsync(client);
        Assert.True(session.GetProperty("oidc").GetBoolean());
        Assert.True(session.GetProperty("signedIn").GetBoolean());
        Assert.Equal("ada", session.GetProperty("user").GetString());
        Assert.Equal("admin", session.GetProperty("scope").GetString());
        Assert.Equal(43, session.GetProperty("csrf").GetString()!.Length);
    }

    [Theory]
    [InlineData("GET", "/api/v1/rooms")]
    [InlineData("POST", "/api/v1/rooms/4711/lock")]
    public async Task A_cookie_without_the_csrf_header_is_refused_403_and_nothing_happens(string method, string path)
    {
        using var client = NewClient(out _);
        (await client.PostAsync("/test/signin/admin", null)).Dispose();
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("X-Bridge-CSRF", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_admin.Actions);
    }

    [Fact]
    public async Task A_cross_site_request_with_the_token_is_refused_403()
    {
        using var client = NewClient(out _);
        (await client.PostAsync("/test/signin/admin", null)).Dispose();
        var csrf = (await SessionAsync(client)).GetProperty("csrf").GetString()!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/rooms/4711/lock");
        request.Headers.Add(CsrfRule.HeaderName, csrf);
        request.Headers.Add("Sec-Fetch-Site", "same-site");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(_admin.Actions);
    }

    [Fact]
    public async Task An_admin_session_with_its_token_acts_and_the_audit_names_the_user()
    {
        using var client = NewClient(out _);
        (await client.PostAsync("/test/signin/admin", null)).Dispose();
        var csrf = (await SessionAsync(client)).GetProperty("csrf").GetString()!;
        using var response = await SendAsync(client, HttpMethod.Post, "/api/v1/rooms/4711/lock", csrf);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(["lock 4711"], _admin.Actions);
        var audit = await File.ReadAllTextAsync(Path.Combine(_data, AdminAudit.FileName));
        Assert.Contains("\"token\":\"oidc:ada\"", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(csrf, audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_session_reads_but_may_not_act()
    {
        using var client = NewClient(out _);
        (await client.PostAsync("/test/signin/read", null)).Dispose();
        var csrf = (await SessionAsync(client)).GetProperty("csrf").GetString()!;
        using (var rooms = await SendAsync(client, HttpMethod.Get, "/api/v1/rooms", csrf))
        {
            Assert.Equal(HttpStatusCode.OK, rooms.StatusCode);
        }

        using var response = await SendAsync(client, HttpMethod.Post, "/api/v1/rooms/4711/lock", csrf);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(_admin.Actions);
    }

    [Fact]
    public async Task Another_sessions_token_does_not_fit()
    {
        using var first = NewClient(out _);
        using var second = NewClient(out _);
        (await first.PostAsync("/test/signin/admin", null)).Dispose();
        (await second.PostAsync("/test/signin/admin", null)).Dispose();
        var foreign = (await SessionAsync(first)).GetProperty("csrf").GetString()!;
        using var response = await SendAsync(second, HttpMethod.Post, "/api/v1/rooms/4711/lock", foreign);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Sign_out_needs_the_token_and_ends_the_session()
    {
        using var client = NewClient(out _);
        (await client.PostAsync("/test/signin/admin", null)).Dispose();
        var csrf = (await SessionAsync(client)).GetProperty("csrf").GetString()!;
        using (var refused = await client.PostAsync("/admin/signout", null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var signOut = await SendAsync(client, HttpMethod.Post, "/admin/signout", csrf))
        {
            Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        }

        Assert.False((await SessionAsync(client)).GetProperty("signedIn").GetBoolean());
        using var after = await SendAsync(client, HttpMethod.Get, "/api/v1/rooms", csrf);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task A_bearer_token_works_as_before_beside_a_session_cookie()
    {
        var token = _app.Services.GetRequiredService<ApiTokenStore>().Create("grafana", ApiScope.Read).Token;
        using var client = NewClient(out _);
        (await client.PostAsync("/test/signin/admin", null)).Dispose();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/rooms/4711/lock");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode); // the read token decides, not the admin cookie
        using var rooms = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rooms");
        rooms.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var read = await client.SendAsync(rooms);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task A_session_ends_after_30_idle_minutes_and_after_8_hours_however_busy()
    {
        using var idle = NewClient(out _);
        (await idle.PostAsync("/test/signin/admin", null)).Dispose();
        var idleCsrf = (await SessionAsync(idle)).GetProperty("csrf").GetString()!;
        using var busy = NewClient(out _);
        (await busy.PostAsync("/test/signin/admin", null)).Dispose();
        var busyCsrf = (await SessionAsync(busy)).GetProperty("csrf").GetString()!;

        var elapsed = TimeSpan.Zero;
        while (elapsed < TimeSpan.FromHours(8) - TimeSpan.FromMinutes(20))
        {
            _time.Advance(TimeSpan.FromMinutes(20));
            elapsed += TimeSpan.FromMinutes(20);
            using var response = await SendAsync(busy, HttpMethod.Get, "/api/v1/rooms", busyCsrf);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"refused after {elapsed}: {(int)response.StatusCode}");
            if (elapsed == TimeSpan.FromMinutes(40))
            {
                using var expired = await SendAsync(idle, HttpMethod.Get, "/api/v1/rooms", idleCsrf); // unused for 40 min
                Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
            }
        }

        _time.Advance(TimeSpan.FromMinutes(25));
        using var late = await SendAsync(busy, HttpMethod.Get, "/api/v1/rooms", busyCsrf);
        Assert.Equal(HttpStatusCode.Unauthorized, late.StatusCode);
    }

    [Fact]
    public async Task An_unreachable_provider_gets_a_clear_502_page_not_an_exception()
    {
        using var client = NewClient(out _);
        using var response = await client.GetAsync("/admin/signin");
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("cannot reach your company's identity provider", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private HttpClient NewClient(out CookieContainer cookies)
    {
        cookies = new CookieContainer();
        return new HttpClient(new HttpClientHandler { CookieContainer = cookies, UseProxy = false }) { BaseAddress = _address };
    }

    private static async Task<JsonElement> SessionAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/admin/session");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string csrf)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(CsrfRule.HeaderName, csrf);
        return client.SendAsync(request);
    }
}
