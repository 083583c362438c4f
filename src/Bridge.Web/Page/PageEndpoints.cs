using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Web.Page;

/// <summary>
/// Serves the room page at <c>/</c> and <c>/rooms/{number}</c> (the script reads the room from the path, so the
/// HTML is the same file) and its assets under <c>/assets/</c>.
/// </summary>
internal static class PageEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", ServePage);

        // Room numbers are digits (as dialled on a phone); anything else is 404. (No regex route constraint: the slim
        // builder leaves those out.)
        endpoints.MapGet("/rooms/{number}", (HttpContext context, string number) =>
            number.Length is > 0 and <= 32 && number.All(char.IsAsciiDigit) ? ServePage(context) : Results.NotFound());
        endpoints.MapGet("/assets/{name}", (HttpContext context, string name) =>
        {
            var asset = context.RequestServices.GetRequiredService<PageAssets>().Find(name);
            return asset is null ? Results.NotFound() : Serve(context, asset, "public, max-age=300");
        });
    }

    private static IResult ServePage(HttpContext context) =>
        Serve(context, context.RequestServices.GetRequiredService<PageAssets>().Page, "no-store");

    private static IResult Serve(HttpContext context, PageAsset asset, string cacheControl)
    {
        context.Response.Headers.CacheControl = cacheControl;
        context.Response.Headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(asset.Content, asset.ContentType);
    }
}
