using Bridge.Web.Api.Tokens;

namespace Bridge.Web.Api.Auth;

/// <summary>A dashboard session found on a request.</summary>
/// <param name="Caller">Who it is, as the audit log and <c>GET /api/v1/token</c> name it (never a token or password).</param>
/// <param name="RequestAllowed">False when the request lacks the session's anti-CSRF header (or came from another site): answered 403.</param>
public sealed record ApiSession(ApiTokenInfo Caller, bool RequestAllowed);
