namespace Bridge.Web.Api.Tokens;

/// <summary>One line of the token file: the token's SHA-256 (Base64) and what <see cref="ApiTokenInfo"/> shows.</summary>
internal sealed record ApiTokenRecord(string Id, string Name, string Scope, string Sha256, DateTimeOffset CreatedAt);
