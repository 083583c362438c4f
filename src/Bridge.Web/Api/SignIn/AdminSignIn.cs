using Bridge.Web.Api.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.Web.Api.SignIn;

/// <summary>
/// Admins sign in to <c>/admin</c> at the company's OpenID Connect provider (issue 13, <c>Bridge:Admin:Oidc:*</c>): the
/// authorization code flow with PKCE (OpenID Connect Core 1.0 §3.1, RFC 7636) by ASP.NET Core's handler, the ID token checked
/// against the provider's discovery document and JWKS, the user's claims mapped to the admin or read scope, and then a short
/// cookie session (<c>__Host-</c> on HTTPS, HttpOnly, SameSite=Strict, 30 min sliding, 8 h at most) that the admin API accepts
/// only with the session's anti-CSRF header (<see cref="CsrfRule"/>). Bearer tokens work as before.
/// </summary>
public static partial class AdminSignIn
{
    public const string CookieScheme = "BridgeAdminSession";
    public const string OidcScheme = "BridgeAdminOidc";
    public const string CookieName = "bridge-admin";
    public const string CallbackPath = "/admin/signin-oidc";

    /// <summary>Registers the sign-in when <paramref name="options"/> is given; without it the dashboard takes tokens only.</summary>
    public static IServiceCollection AddAdminSignIn(this IServiceCollection services, AdminSignInOptions? options)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (options is null)
        {
            return services;
        }

        services.AddSingleton(options);
        services.AddSingleton<IApiSessionAuthenticator, AdminSessionAuthenticator>();
        var protection = services.AddDataProtection().SetApplicationName("Bridge");
        if (options.KeyDirectory is not null)
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(options.KeyDirectory));
        }

        services.AddAuthentication(auth =>
            {
                auth.DefaultSignInScheme = CookieScheme;
                auth.DefaultChallengeScheme = OidcScheme;
            })
            .AddCookie(CookieScheme, cookie => ConfigureCookie(cookie, options))
            .AddOpenIdConnect(OidcScheme, oidc => ConfigureOidc(oidc, options));
        return services;
    }

    /// <summary>Lets the OpenID Connect handler answer its callback path (nothing else of the pipeline is authenticated by default).</summary>
    public static IApplicationBuilder UseAdminSignIn(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ApplicationServices.GetService<AdminSignInOptions>() is not null)
        {
            app.UseAuthentication();
        }

        return app;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions cookie, AdminSignInOptions options)
    {
        cookie.Cookie.Name = CookieName;
        cookie.Cookie.Path = "/";
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.CookieManager = new HostPrefixCookieManager();
        cookie.ExpireTimeSpan = options.IdleTimeout;
        cookie.SlidingExpiration = true;
        cookie.Events.OnRedirectToLogin = static context =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        };
        cookie.Events.OnRedirectToAccessDenied = static context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
        cookie.Events.OnValidatePrincipal = context =>
        {
            var since = AdminSessionClaims.SignedInAt(context.Principal!);
            var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            if (since is null || now - since.Value > options.SessionLifetime)
            {
                context.RejectPrincipal();
                return context.HttpContext.SignOutAsync(CookieScheme);
            }

            return Task.CompletedTask;
        };
    }

    private static void ConfigureOidc(OpenIdConnectOptions oidc, AdminSignInOptions options)
    {
        oidc.Authority = options.Authority.ToString();
        oidc.ClientId = options.ClientId;
        oidc.ClientSecret = options.ClientSecret;
        oidc.ResponseType = "code";
        oidc.ResponseMode = "query"; // the callback is a top-level GET: the SameSite=Lax correlation cookie comes with it
        oidc.UsePkce = true;
        oidc.Scope.Clear();
        foreach (var scope in options.Scopes)
        {
            oidc.Scope.Add(scope);
        }

        oidc.RequireHttpsMetadata = options.RequireHttpsMetadata;
        oidc.CallbackPath = CallbackPath;
        oidc.SignedOutCallbackPath = "/admin/signout-callback-oidc";
        oidc.RemoteSignOutPath = "/admin/signout-oidc";
        oidc.MapInboundClaims = false;
        oidc.SaveTokens = false;
        oidc.GetClaimsFromUserInfoEndpoint = false;
        oidc.SignInScheme = CookieScheme;
        oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
        oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        oidc.NonceCookie.SameSite = SameSiteMode.Lax;
        oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        oidc.Events.OnTokenValidated = async context =>
        {
            var services = context.HttpContext.RequestServices;
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminSignIn));
            var provider = context.Principal!;
            var user = AdminSessionClaims.UserName(provider);
            if (AdminSessionClaims.ScopeFor(provider, options) is not { } scope)
            {
                LogRefused(logger, user);
                context.HandleResponse();
                await SignInPages.WriteRefusedAsync(context.Response, user).ConfigureAwait(false);
                return;
            }

            LogSignedIn(logger, user, scope == Tokens.ApiScope.Admin ? "admin" : "read");
            context.Principal = AdminSessionClaims.Create(user, scope, services.GetRequiredService<TimeProvider>().GetUtcNow());
            context.Properties!.IsPersistent = false;
            context.Properties.RedirectUri = "/admin";
        };
        oidc.Events.OnRemoteFailure = async context =>
        {
            var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminSignIn));
            LogFailed(logger, context.Failure?.Message ?? "unknown");
            context.HandleResponse();
            await SignInPages.WriteFailedAsync(context.Response).ConfigureAwait(false);
        };
    }

    [LoggerMessage(EventId = 9110, Level = LogLevel.Information, Message = "Admin sign-in: {User} with the {Scope} scope")]
    private static partial void LogSignedIn(ILogger logger, string user, string scope);

    [LoggerMessage(EventId = 9111, Level = LogLevel.Warning, Message = "Admin sign-in refused: {User} matches neither AdminClaim/AdminValues nor ReadClaim/ReadValues")]
    private static partial void LogRefused(ILogger logger, string user);

    [LoggerMessage(EventId = 9112, Level = LogLevel.Warning, Message = "Admin sign-in failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 9113, Level = LogLevel.Warning, Message = "Admin sign-in: the OpenID Connect provider (Bridge:Admin:Oidc:Authority) cannot be used: {Reason}")]
    internal static partial void LogProviderUnreachable(ILogger logger, string reason);
}
