namespace Bridge.Web.Api.Tokens;

/// <summary>A stored API token as listed: never the token itself (only its hash is kept).</summary>
/// <param name="Id">A short random id to tell tokens apart (not derived from the token).</param>
/// <param name="Name">The admin's name for it (e.g. <c>grafana</c>); unique.</param>
/// <param name="Scope">What it may do.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record ApiTokenInfo(string Id, string Name, ApiScope Scope, DateTimeOffset CreatedAt);
