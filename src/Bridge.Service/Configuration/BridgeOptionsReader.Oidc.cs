using System.Net;
using Bridge.Web.Api.SignIn;
using Microsoft.Extensions.Configuration;

namespace Bridge.Service.Configuration;

/// <summary>
/// <c>Bridge:Admin:Oidc:*</c> (issue 13): admins sign in to the dashboard at the company's OpenID Connect provider. All unset:
/// no sign-in (the dashboard asks for an API token). README's configuration table lists the keys.
/// </summary>
internal static partial class BridgeOptionsReader
{
    private const string Oidc = "Admin:Oidc:";
    private static readonly string[] OidcKeys =
        ["Authority", "ClientId", "ClientSecret", "ClientSecretFile", "Scopes", "AdminClaim", "AdminValues", "ReadClaim", "ReadValues", "RequireHttpsMetadata"];

    /// <summary>Reads and validates the keys; each bad value adds a message naming its key. Null when none is set.</summary>
    public static AdminSignInOptions? ReadAdminOidc(IConfiguration configuration, string contentRoot, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(problems);
        var section = configuration.GetSection("Bridge");
        if (OidcKeys.All(key => string.IsNullOrWhiteSpace(Text(section, key))))
        {
            return null;
        }

        var before = problems.Count;
        var requireHttps = ReadBoolean(section, Oidc + "RequireHttpsMetadata", true, problems);
        var authority = ReadAuthority(section, requireHttps, problems);
        var clientId = Text(section, "ClientId");
        if (string.IsNullOrWhiteSpace(clientId))
        {
            problems.Add($"Bridge:{Oidc}ClientId: missing (the bridge's client id at the provider)");
        }

        var secret = ReadClientSecret(section, contentRoot, problems);
        var scopes = List(section, "Scopes", [' ', ',']);
        if (scopes.Length == 0)
        {
            scopes = ["openid", "profile"];
        }
        else if (!scopes.Contains("openid", StringComparer.Ordinal))
        {
            problems.Add($"Bridge:{Oidc}Scopes: '{string.Join(' ', scopes)}' lacks openid (OpenID Connect Core 1.0 §3.1.2.1)");
        }

        var admin = ReadClaimRule(section, "AdminClaim", "AdminValues", null, problems);
        var read = ReadClaimRule(section, "ReadClaim", "ReadValues", admin?.Claim, problems);
        if (admin is null && read is null && problems.Count == before)
        {
            problems.Add($"Bridge:{Oidc}AdminClaim: missing (with AdminValues: which users get the admin scope; ReadClaim/ReadValues: which get read)");
        }

        if (problems.Count != before || authority is null || clientId is null || secret is null)
        {
            return null;
        }

        return new AdminSignInOptions
        {
            Authority = authority,
            ClientId = clientId.Trim(),
            ClientSecret = secret,
            Scopes = scopes,
            Admin = admin,
            Read = read,
            RequireHttpsMetadata = requireHttps,
            KeyDirectory = Path.Combine(ReadDataDirectory(configuration, contentRoot), "keys"),
        };
    }

    private static Uri? ReadAuthority(IConfigurationSection section, bool requireHttps, List<string> problems)
    {
        var text = Text(section, "Authority")?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            problems.Add($"Bridge:{Oidc}Authority: missing (the provider's issuer URL, e.g. https://sso.example.com/realms/staff)");
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            problems.Add($"Bridge:{Oidc}Authority: '{text}' is not an issuer URL like https://sso.example.com/realms/staff");
            return null;
        }

        var loopback = uri.IsLoopback || IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
        if (!requireHttps && !loopback)
        {
            problems.Add($"Bridge:{Oidc}RequireHttpsMetadata: false is allowed only for a loopback authority (127.0.0.0/8, ::1, localhost), not '{uri.Host}'");
            return null;
        }

        if (requireHttps && uri.Scheme != "https")
        {
            problems.Add($"Bridge:{Oidc}Authority: '{text}' is not https:// (RequireHttpsMetadata is true; false is allowed only for a loopback authority)");
            return null;
        }

        return uri;
    }

    private static string? ReadClientSecret(IConfigurationSection section, string contentRoot, List<string> problems)
    {
        var secret = Text(section, "ClientSecret");
        var file = Configured(Text(section, "ClientSecretFile"), contentRoot);
        if (!string.IsNullOrEmpty(secret) && file is not null)
        {
            problems.Add($"Bridge:{Oidc}ClientSecretFile: set together with ClientSecret; keep one");
            return null;
        }

        if (file is not null)
        {
            try
            {
                secret = File.ReadLines(file).FirstOrDefault()?.Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"Bridge:{Oidc}ClientSecretFile: cannot read '{file}': {e.Message}");
                return null;
            }

            if (string.IsNullOrEmpty(secret))
            {
                problems.Add($"Bridge:{Oidc}ClientSecretFile: '{file}' is empty");
                return null;
            }

            return secret;
        }

        if (string.IsNullOrWhiteSpace(secret))
        {
            problems.Add($"Bridge:{Oidc}ClientSecret: missing (or ClientSecretFile: a file holding it)");
            return null;
        }

        return secret.Trim();
    }

    private static ClaimRule? ReadClaimRule(IConfigurationSection section, string claimKey, string valuesKey, string? defaultClaim, List<string> problems)
    {
        var claim = Text(section, claimKey)?.Trim();
        var values = List(section, valuesKey, [',', ';']);
        if (string.IsNullOrEmpty(claim) && values.Length == 0)
        {
            return null;
        }

        claim = string.IsNullOrEmpty(claim) ? defaultClaim : claim;
        if (string.IsNullOrEmpty(claim))
        {
            problems.Add($"Bridge:{Oidc}{claimKey}: missing (the claim whose values {valuesKey} lists, e.g. groups)");
            return null;
        }

        if (values.Length == 0)
        {
            problems.Add($"Bridge:{Oidc}{valuesKey}: missing (the values of {claim} that grant this scope)");
            return null;
        }

        return new ClaimRule(claim, values);
    }

    private static string? Text(IConfigurationSection section, string key) => section[Oidc + key];

    /// <summary>A list given as one string (split at <paramref name="separators"/>) or as a JSON array.</summary>
    private static string[] List(IConfigurationSection section, string key, char[] separators)
    {
        var text = section[Oidc + key];
        var items = text is not null
            ? text.Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetSection(Oidc + key).GetChildren().Select(child => child.Value?.Trim()).OfType<string>().Where(value => value.Length > 0);
        return [.. items.Distinct(StringComparer.Ordinal)];
    }
}
