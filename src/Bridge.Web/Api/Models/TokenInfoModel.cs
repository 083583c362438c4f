namespace Bridge.Web.Api.Models;

/// <summary><c>GET /api/v1/token</c>: which token the request came with (never the token itself).</summary>
/// <param name="Name">The token's name.</param>
/// <param name="Id">The token's id.</param>
/// <param name="Scope"><c>read</c> or <c>admin</c>.</param>
public sealed record TokenInfoModel(string Name, string Id, string Scope);
