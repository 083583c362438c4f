namespace Bridge.Web.Api.Models;

/// <summary><c>GET /admin/session</c>: whether OIDC sign-in is offered and, when signed in, who, with which scope, and the anti-CSRF token.</summary>
/// <param name="Oidc">Whether <c>Bridge:Admin:Oidc</c> is configured (the page then offers "Sign in with your company account").</param>
/// <param name="SignedIn">Whether the request carries a valid dashboard session.</param>
/// <param name="User">The signed-in user (<c>preferred_username</c> or <c>sub</c>).</param>
/// <param name="Scope"><c>admin</c> or <c>read</c>.</param>
/// <param name="Csrf">The value the page must send in <c>X-Bridge-CSRF</c> with every API call.</param>
public sealed record AdminSessionModel(bool Oidc, bool SignedIn, string? User, string? Scope, string? Csrf);
