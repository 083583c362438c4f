using Bridge.Web.Api.Tokens;

namespace Bridge.Web.Api.Auth;

/// <summary>Endpoint metadata: the scope a token needs for this endpoint (read when absent).</summary>
public sealed record RequiredScope(ApiScope Scope);
