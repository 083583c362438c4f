using Bridge.Web.Api.Auth;
using Bridge.Web.Api.Models;
using Bridge.Web.Api.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bridge.Web.Api;

/// <summary>
/// <c>GET /api/v1/token</c>: the name and scope of the token the request came with, so the <c>/admin</c> dashboard shows the
/// actions only to an admin token (the server refuses them to a read token anyway). Never the token itself.
/// </summary>
internal static class TokenInfoEndpoint
{
    public static void Map(RouteGroupBuilder v1) =>
        v1.MapGet("/token", static (HttpContext http) =>
        {
            var info = (ApiTokenInfo)http.Items[BearerTokenFilter.TokenItem]!;
            return TypedResults.Ok(new TokenInfoModel(info.Name, info.Id, info.Scope == ApiScope.Admin ? "admin" : "read"));
        });
}
