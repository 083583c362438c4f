using Bridge.Service.Configuration;
using Microsoft.Extensions.Configuration;

namespace Bridge.Service.Tests.Configuration;

/// <summary>Issue 13: Bridge:Admin:Oidc:* (dashboard sign-in at the company's OpenID Connect provider), each bad value named by its key.</summary>
public sealed class AdminOidcOptionsReaderTests
{
    private const string Root = "/srv/bridge";
    private static readonly (string, string)[] Valid =
    [
        ("Bridge:Admin:Oidc:Authority", "https://sso.example.com/realms/staff"),
        ("Bridge:Admin:Oidc:ClientId", "bridge"),
        ("Bridge:Admin:Oidc:ClientSecret", "s3cret"),
        ("Bridge:Admin:Oidc:AdminClaim", "groups"),
        ("Bridge:Admin:Oidc:AdminValues", "bridge-admins, ops"),
    ];

    private static Bridge.Web.Api.SignIn.AdminSignInOptions? Read(List<string> errors, params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
        return BridgeOptionsReader.ReadAdminOidc(configuration, Root, errors);
    }

    private static (string, string)[] With(params (string Key, string Value)[] changes) =>
        [.. Valid.Where(v => changes.All(c => c.Key != v.Item1)), .. changes.Where(c => c.Value.Length > 0)];

    [Fact]
    public void Unset_means_no_sign_in()
    {
        var errors = new List<string>();
        Assert.Null(Read(errors));
        Assert.Empty(errors);
    }

    [Fact]
    public void A_valid_configuration_is_read_with_its_defaults()
    {
        var errors = new List<string>();
        var options = Read(errors, Valid);
        Assert.Empty(errors);
        Assert.NotNull(options);
        Assert.Equal(new Uri("https://sso.example.com/realms/staff"), options.Authority);
        Assert.Equal("bridge", options.ClientId);
        Assert.Equal("s3cret", options.ClientSecret);
        Assert.Equal(["openid", "profile"], options.Scopes);
        Assert.Equal("groups", options.Admin!.Claim);
        Assert.Equal(["bridge-admins", "ops"], options.Admin.Values);
        Assert.Null(options.Read);
        Assert.True(options.RequireHttpsMetadata);
        Assert.Equal(TimeSpan.FromHours(8), options.SessionLifetime);
        Assert.Equal(TimeSpan.FromMinutes(30), options.IdleTimeout);
        Assert.Equal(Path.GetFullPath("data/keys", Root), options.KeyDirectory);
        Assert.DoesNotContain("s3cret", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadValues_alone_take_the_admin_claim_and_a_loopback_authority_may_skip_https()
    {
        var errors = new List<string>();
        var options = Read(errors, With(("Bridge:Admin:Oidc:ReadValues", "staff"), ("Bridge:Admin:Oidc:Authority", "http://127.0.0.1:14600/api/oidc"),
            ("Bridge:Admin:Oidc:RequireHttpsMetadata", "false"), ("Bridge:Admin:Oidc:Scopes", "openid email")));
        Assert.Empty(errors);
        Assert.Equal("groups", options!.Read!.Claim);
        Assert.Equal(["staff"], options.Read!.Values);
        Assert.False(options.RequireHttpsMetadata);
        Assert.Equal(["openid", "email"], options.Scopes);
    }

    [Fact]
    public void The_secret_may_come_from_a_file()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("oidc-").FullName, "secret");
        File.WriteAllText(file, "from-file\nsecond line ignored\n");
        var errors = new List<string>();
        var options = Read(errors, With(("Bridge:Admin:Oidc:ClientSecret", ""), ("Bridge:Admin:Oidc:ClientSecretFile", file)));
        Assert.Empty(errors);
        Assert.Equal("from-file", options!.ClientSecret);
    }

    [Theory]
    [InlineData("Bridge:Admin:Oidc:Authority", "", "Bridge:Admin:Oidc:Authority: missing (the provider's issuer URL, e.g. https://sso.example.com/realms/staff)")]
    [InlineData("Bridge:Admin:Oidc:Authority", "sso.example.com", "Bridge:Admin:Oidc:Authority: 'sso.example.com' is not an issuer URL like https://sso.example.com/realms/staff")]
    [InlineData("Bridge:Admin:Oidc:Authority", "https://sso.example.com/?x=1", "Bridge:Admin:Oidc:Authority: 'https://sso.example.com/?x=1' is not an issuer URL like https://sso.example.com/realms/staff")]
    [InlineData("Bridge:Admin:Oidc:Authority", "http://sso.example.com", "Bridge:Admin:Oidc:Authority: 'http://sso.example.com' is not https:// (RequireHttpsMetadata is true; false is allowed only for a loopback authority)")]
    [InlineData("Bridge:Admin:Oidc:Authority", "http://127.0.0.1:8081", "Bridge:Admin:Oidc:Authority: 'http://127.0.0.1:8081' is not https:// (RequireHttpsMetadata is true; false is allowed only for a loopback authority)")]
    [InlineData("Bridge:Admin:Oidc:RequireHttpsMetadata", "false", "Bridge:Admin:Oidc:RequireHttpsMetadata: false is allowed only for a loopback authority (127.0.0.0/8, ::1, localhost), not 'sso.example.com'")]
    [InlineData("Bridge:Admin:Oidc:RequireHttpsMetadata", "no", "Bridge:Admin:Oidc:RequireHttpsMetadata: 'no' is not true or false")]
    [InlineData("Bridge:Admin:Oidc:ClientId", "", "Bridge:Admin:Oidc:ClientId: missing (the bridge's client id at the provider)")]
    [InlineData("Bridge:Admin:Oidc:ClientSecret", "", "Bridge:Admin:Oidc:ClientSecret: missing (or ClientSecretFile: a file holding it)")]
    [InlineData("Bridge:Admin:Oidc:ClientSecretFile", "/etc/bridge/oidc-secret", "Bridge:Admin:Oidc:ClientSecretFile: set together with ClientSecret; keep one")]
    [InlineData("Bridge:Admin:Oidc:Scopes", "profile email", "Bridge:Admin:Oidc:Scopes: 'profile email' lacks openid (OpenID Connect Core 1.0 §3.1.2.1)")]
    [InlineData("Bridge:Admin:Oidc:AdminValues", "", "Bridge:Admin:Oidc:AdminValues: missing (the values of groups that grant this scope)")]
    [InlineData("Bridge:Admin:Oidc:AdminClaim", "", "Bridge:Admin:Oidc:AdminClaim: missing (the claim whose values AdminValues lists, e.g. groups)")]
    public void Bad_values_are_reported_with_their_key(string key, string value, string message)
    {
        var errors = new List<string>();
        Assert.Null(Read(errors, With((key, value))));
        Assert.Equal([message], errors);
    }

    [Fact]
    public void A_missing_secret_file_is_named()
    {
        var errors = new List<string>();
        Read(errors, With(("Bridge:Admin:Oidc:ClientSecret", ""), ("Bridge:Admin:Oidc:ClientSecretFile", "oidc-secret")));
        var error = Assert.Single(errors);
        Assert.StartsWith($"Bridge:Admin:Oidc:ClientSecretFile: cannot read '{Path.GetFullPath("oidc-secret", Root)}'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_any_scope_rule_nobody_could_sign_in()
    {
        var errors = new List<string>();
        Read(errors, With(("Bridge:Admin:Oidc:AdminClaim", ""), ("Bridge:Admin:Oidc:AdminValues", "")));
        Assert.Equal(["Bridge:Admin:Oidc:AdminClaim: missing (with AdminValues: which users get the admin scope; ReadClaim/ReadValues: which get read)"], errors);
    }

    [Fact]
    public void The_whole_reader_reports_them_too()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Bridge:Admin:Oidc:Authority", "http://sso.example.com")])
            .Build();
        BridgeOptionsReader.Read(configuration, Root, Root, out var errors);
        Assert.Contains(errors, e => e.StartsWith("Bridge:Admin:Oidc:Authority:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Bridge:Admin:Oidc:ClientId:", StringComparison.Ordinal));
    }
}
