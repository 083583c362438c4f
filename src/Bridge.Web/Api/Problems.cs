using Microsoft.AspNetCore.Http;

namespace Bridge.Web.Api;

/// <summary>The admin API's error answers as RFC 9457 problem details (<c>application/problem+json</c>).</summary>
internal static class Problems
{
    public static IResult Unauthorized() => Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Authentication required", detail: "Send a valid API token as 'Authorization: Bearer <token>'.");

    public static IResult Forbidden() => Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "This token's scope does not allow this action.");

    public static IResult SessionWithoutCsrf() => Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "A dashboard session must send the X-Bridge-CSRF header it got from /admin/session.");

    public static IResult TooManyRequests() => Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed authentications", detail: "Try again later.");

    public static IResult NotFound(string detail) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    public static IResult BadRequest(string detail) => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: detail);
}
