namespace Bridge.Web.Api.SignIn;

/// <summary>
/// <c>Bridge:Admin:Oidc:*</c> (issue 13): admins sign in to <c>/admin</c> at the company's OpenID Connect provider
/// (OpenID Connect Core 1.0 §3.1, authorization code flow, with PKCE, RFC 7636). Validated by the service's configuration
/// reader; a class, not a record, so that the client secret never shows in a printed copy.
/// </summary>
public sealed class AdminSignInOptions
{
    /// <summary><c>Authority</c>: the provider's issuer URL; its discovery document is <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public required Uri Authority { get; init; }

    /// <summary><c>ClientId</c>: the bridge's client id at the provider.</summary>
    public required string ClientId { get; init; }

    /// <summary><c>ClientSecret</c> or the first line of <c>ClientSecretFile</c>: the confidential client's secret.</summary>
    public required string ClientSecret { get; init; }

    /// <summary><c>Scopes</c>: the scopes asked for; always contains <c>openid</c>.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = ["openid", "profile"];

    /// <summary><c>AdminClaim</c>/<c>AdminValues</c>: a user with one of these values in this claim gets the admin scope.</summary>
    public ClaimRule? Admin { get; init; }

    /// <summary><c>ReadClaim</c>/<c>ReadValues</c>: a user with one of these values (and not an admin) gets the read scope.</summary>
    public ClaimRule? Read { get; init; }

    /// <summary><c>RequireHttpsMetadata</c>: the discovery document and keys only over HTTPS (false only for a loopback authority).</summary>
    public bool RequireHttpsMetadata { get; init; } = true;

    /// <summary>The longest a dashboard session lasts, however active (8 h).</summary>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(8);

    /// <summary>A session unused this long ends (sliding, 30 min).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Where the keys protecting the session cookie are kept (under <c>Bridge:Data</c>), so a restart keeps sessions.</summary>
    public string? KeyDirectory { get; init; }

    /// <summary>What the configuration named, without the secret.</summary>
    public override string ToString() => $"OIDC {Authority} client {ClientId}";
}
