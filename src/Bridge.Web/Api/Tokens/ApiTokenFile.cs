namespace Bridge.Web.Api.Tokens;

/// <summary>The JSON document <c>api-tokens.json</c> under <c>Bridge:Data</c>.</summary>
internal sealed record ApiTokenFile(List<ApiTokenRecord> Tokens);
